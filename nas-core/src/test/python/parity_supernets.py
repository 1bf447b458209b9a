#!/usr/bin/python3
"""Plain PyTorch formulations of GeoNAS's supernets, for TorchParityTest.

The Java supernets fuse the convolutions of all edges leaving a node, fold op weights into the
scale of non-affine batch norms and rescale a padded average pool; here everything is written
the textbook way, one edge and one op at a time:

  node j = sum over edges i->j of  b_e * shuffle(cat(sum_o w[e,o] * op_o(x_i[:C/K]), bypass))

with batch norm in training mode (batch statistics), average pooling that does not count the
padding, and for GDAS the reference's straight-through sum (AutoDL's forward_gdas): the sampled op
as hard[o] * op(x), every other op as hard[o] alone (0 in value, but it has a gradient).

Parameters are looked up by the Java supernet's own parameter names (DJL's getParameters() keys:
a two-digit position per block, then the block's name), so loading the Java initial weights is
exact. Everything runs in float64, as the reference values.

Usage: parity_supernets.py DIR. For every DIR/NAME.case.json written by the test it writes
DIR/NAME.result.json: the loss and the architecture gradient of an architecture step (with respect
to the optimizer's own variables), and the loss and every weight gradient of a weight step.
"""
import json
import pathlib
import sys

import torch
import torch.nn.functional as F

DARTS_OPS = ["none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
             "dil_conv_3x3", "dil_conv_5x5"]


class Params:
    """The named parameter tensors, remembering which names a pass looked up."""

    def __init__(self, spec, trainable_grad):
        self.tensors = {}
        self.trainable = set()
        for name, p in spec.items():
            t = torch.tensor(p["values"], dtype=torch.float64).reshape(p["shape"])
            if p["trainable"]:
                self.trainable.add(name)
                t.requires_grad_(trainable_grad)
            self.tensors[name] = t
        self.used = set()

    def __getitem__(self, name):
        self.used.add(name)
        return self.tensors[name]


def conv(x, w, stride=1, padding=0, dilation=1, groups=1):
    return F.conv2d(x, w, None, stride, padding, dilation, groups)


def bn(x, P=None, prefix=None):
    """Batch norm with batch statistics, eps 1e-5; affine when given the parameters' prefix."""
    weight = P[prefix + "_gamma"] if prefix else None
    bias = P[prefix + "_beta"] if prefix else None
    return F.batch_norm(x, None, None, weight, bias, training=True, eps=1e-5)


def avg_pool(x, stride):
    return F.avg_pool2d(x, 3, stride, 1, count_include_pad=False)


def shuffle(x, groups):
    """PC-DARTS' channel_shuffle."""
    b, c, h, w = x.shape
    return x.view(b, groups, c // groups, h, w).transpose(1, 2).contiguous().view(b, c, h, w)


class Arch:
    """What one cell type's cells consume: op weights, GDAS's sampled index, edge weights."""

    def __init__(self, weights, index=None, edge_weights=None):
        self.weights = weights
        self.index = index
        self.edge_weights = edge_weights


def mixed_edge(arch, e, ops, x, partial, bypass):
    """sum_o w[e,o] op_o(x) over the op channels, then the bypass and the edge weight."""
    w = arch.weights[e]
    if partial > 1:
        x, rest = x[:, :x.shape[1] // partial], x[:, x.shape[1] // partial:]
    if arch.index is None:
        out = sum(w[o] * op(x) for o, op in enumerate(ops))
    else:
        chosen = int(arch.index[e])
        out = sum(w[o] * op(x) if o == chosen else w[o] for o, op in enumerate(ops))
    if partial > 1:
        out = shuffle(torch.cat([out, bypass(rest)], 1), partial)
    if arch.edge_weights is not None:
        out = arch.edge_weights[e] * out
    return out


# ---------------------------------------------------------------- NAS-Bench-201

def nb201_op(name, P, prefix, source, block, channels):
    """NAS-Bench-201's op on channels `channels`, edge block `block` of source node `source`."""
    rows = slice(block * channels, (block + 1) * channels)
    if name == "none":
        return lambda x: x * 0.0
    if name == "skip_connect":
        return lambda x: x
    if name == "nor_conv_1x1":
        return lambda x: bn(conv(F.relu(x), P[f"{prefix}_n{source}_conv1x1_weight"][rows]))
    if name == "nor_conv_3x3":
        return lambda x: bn(conv(F.relu(x), P[f"{prefix}_n{source}_conv3x3_weight"][rows], padding=1))
    if name == "avg_pool_3x3":
        return lambda x: avg_pool(x, 1)
    raise ValueError(name)


def nb201_cell(P, prefix, x, arch, case):
    edges = case["edges"]
    k = case["partial"]
    op_channels = x.shape[1] // k
    nodes = [x]
    for j in range(1, max(t for _, t in edges) + 1):
        terms = []
        for e, (i, t) in enumerate(edges):
            if t != j:
                continue
            block = [f for f, _ in edges[:e]].count(i)  # edge e's rank among the edges leaving i
            ops = [nb201_op(name, P, prefix, i, block, op_channels) for name in case["ops"]]
            terms.append(mixed_edge(arch, e, ops, nodes[i], k, lambda rest: rest))
        nodes.append(sum(terms))
    return nodes[-1]


def reluconvbn(P, prefix, x, stride):
    return bn(conv(F.relu(x), P[prefix + "_02Conv2d_weight"], stride, 1), P, prefix + "_03BatchNorm")


def nb201_forward(P, x, archs, case):
    h = bn(conv(x, P["01stem_01Conv2d_weight"], padding=1), P, "01stem_02BatchNorm")
    position = 2
    for stage in range(3):
        if stage > 0:
            prefix = f"{position:02d}reduce{stage}"
            a = reluconvbn(P, prefix + "_01main_01SequentialBlock", h, 2)
            a = reluconvbn(P, prefix + "_01main_02SequentialBlock", a, 1)
            h = a + conv(F.avg_pool2d(h, 2, 2), P[prefix + "_02shortcut_weight"])
            position += 1
        for i in range(case["cells"]):
            h = nb201_cell(P, f"{position:02d}cell{stage}_{i}", h, archs["normal"], case)
            position += 1
    h = F.relu(bn(h, P, f"{position:02d}last_01BatchNorm"))
    h = h.mean((2, 3))
    position += 1
    return F.linear(h, P[f"{position:02d}classifier_weight"], P[f"{position:02d}classifier_bias"])


# ---------------------------------------------------------------- DARTS

def factorized_reduce(P, prefix, x):
    r = F.relu(x)
    halves = [conv(r, P[prefix + "_01conv1_weight"], 2), conv(r[:, :, 1:, 1:], P[prefix + "_02conv2_weight"], 2)]
    return bn(torch.cat(halves, 1))


def darts_op(name, P, edge_prefix, stride, channels):
    prefix = f"{edge_prefix}_{DARTS_OPS.index(name):02d}{name}"
    if name == "none":
        return lambda x: x[:, :, ::stride, ::stride] * 0.0
    if name == "max_pool_3x3":
        return lambda x: bn(F.max_pool2d(x, 3, stride, 1))
    if name == "avg_pool_3x3":
        return lambda x: bn(avg_pool(x, stride))
    if name == "skip_connect":
        return (lambda x: x) if stride == 1 else (lambda x: factorized_reduce(P, prefix, x))
    if name.startswith("sep_conv"):
        k = int(name[-1])

        def sep(x):
            h = conv(F.relu(x), P[prefix + "_01conv_weight"], stride, k // 2, groups=channels)
            h = bn(conv(h, P[prefix + "_02conv_weight"]))
            h = conv(F.relu(h), P[prefix + "_05conv_weight"], 1, k // 2, groups=channels)
            return bn(conv(h, P[prefix + "_06conv_weight"]))
        return sep
    if name.startswith("dil_conv"):
        k = int(name[-1])
        return lambda x: bn(conv(conv(F.relu(x), P[prefix + "_01conv_weight"], stride, k - 1, 2, channels),
                                 P[prefix + "_02conv_weight"]))
    raise ValueError(name)


def darts_cell(P, prefix, s0, s1, arch, reduction, reduction_prev, case):
    if reduction_prev:
        p0 = factorized_reduce(P, prefix + "_01preprocess0", s0)
    else:
        p0 = bn(conv(F.relu(s0), P[prefix + "_01preprocess0_01conv_weight"]))
    p1 = bn(conv(F.relu(s1), P[prefix + "_02preprocess1_01conv_weight"]))
    k = case["partial"]
    states = [p0, p1]
    edges = case["edges"]
    for j in range(2, max(t for _, t in edges) + 1):
        terms = []
        for e, (i, t) in enumerate(edges):
            if t != j:
                continue
            stride = 2 if reduction and i < 2 else 1
            edge_prefix = f"{prefix}_{e + 3:02d}edge{j}_{i}"
            ops = [darts_op(name, P, edge_prefix, stride, p1.shape[1] // k) for name in case["ops"]]
            bypass = (lambda rest: F.max_pool2d(rest, 2, 2)) if stride == 2 else (lambda rest: rest)
            terms.append(mixed_edge(arch, e, ops, states[i], k, bypass))
        states.append(sum(terms))
    return torch.cat(states[2:], 1)


def darts_forward(P, x, archs, case):
    s0 = s1 = bn(conv(x, P["01stem_01Conv2d_weight"], padding=1), P, "01stem_02BatchNorm")
    layers = case["cells"]
    reduction_prev = False
    for i in range(layers):
        reduction = i in (layers // 3, 2 * layers // 3)
        arch = archs["reduce" if reduction else "normal"]
        s0, s1 = s1, darts_cell(P, f"{i + 2:02d}cell{i}", s0, s1, arch, reduction, reduction_prev, case)
        reduction_prev = reduction
    h = s1.mean((2, 3))
    position = layers + 2
    return F.linear(h, P[f"{position:02d}classifier_weight"], P[f"{position:02d}classifier_bias"])


# ---------------------------------------------------------------- architecture inputs and the two steps

def node_softmax(logits, edges):
    """Softmax over the edges into each node, laid out per edge."""
    out = [None] * len(edges)
    for node in sorted({t for _, t in edges}):
        into = [e for e, (_, t) in enumerate(edges) if t == node]
        point = torch.softmax(logits[into], 0)
        for k, e in enumerate(into):
            out[e] = point[k]
    return torch.stack(out)


def arch_inputs(case, step, trainable):
    """The Arch of each cell type from the optimizer's variables, and those variables (leaves)."""
    archs, leaves, edge_leaves = {}, {}, {}
    for cell_type in case["cell_types"]:
        v = torch.tensor(step["variables"][cell_type], dtype=torch.float64, requires_grad=trainable)
        leaves[cell_type] = v
        softmax = case["parameterization"] == "softmax"
        weights = torch.softmax(v, -1) if softmax else v
        index = None
        if case["gumbel"]:
            log_w = torch.log_softmax(v, -1) if softmax else torch.log(v)
            tau = step["tau"]
            # the Java soft sample fixes the Gumbel noise up to a constant per edge, to which the
            # softmax is blind
            gumbel = (tau * torch.log(torch.tensor(step["soft"][cell_type], dtype=torch.float64)) - log_w).detach()
            soft = torch.softmax((log_w + gumbel) / tau, -1)
            index = soft.argmax(-1)
            if index.tolist() != step["chosen"][cell_type]:
                raise AssertionError(f"{case['name']}: sampled {index.tolist()}, Java {step['chosen'][cell_type]}")
            hard = F.one_hot(index, soft.shape[-1]).to(soft.dtype)
            weights = hard - soft.detach() + soft
        edge_weights = None
        if case["edge_parameterization"] is not None:
            ev = torch.tensor(step["edge_variables"][cell_type], dtype=torch.float64, requires_grad=trainable)
            edge_leaves[cell_type] = ev
            edge_weights = node_softmax(ev, case["edges"]) if case["edge_parameterization"] == "softmax" else ev
        archs[cell_type] = Arch(weights, index, edge_weights)
    return archs, leaves, edge_leaves


def loss_of(case, P, step, archs):
    x = torch.tensor(step["x"], dtype=torch.float64).reshape(step["x_shape"])
    forward = nb201_forward if case["space"] == "nb201" else darts_forward
    logits = forward(P, x, archs, case)
    return F.cross_entropy(logits, torch.tensor(step["labels"]))


def gradient(t):
    """A leaf's gradient; zeros when the pass did not use it (an op GDAS did not sample)."""
    return t.grad if t.grad is not None else torch.zeros_like(t)


def run_case(case):
    # architecture step: the network's weights fixed, the gradient of the optimizer's variables
    P = Params(case["params"], trainable_grad=False)
    archs, leaves, edge_leaves = arch_inputs(case, case["arch_step"], True)
    arch_loss = loss_of(case, P, case["arch_step"], archs)
    arch_loss.backward()
    result = {
        "arch_loss": arch_loss.item(),
        "arch_grad": {t: gradient(v).tolist() for t, v in leaves.items()},
        "edge_grad": {t: gradient(v).tolist() for t, v in edge_leaves.items()} if edge_leaves else None,
    }
    # weight step: the architecture after the Java update, the gradient of every trainable weight
    P = Params(case["params"], trainable_grad=True)
    archs, _, _ = arch_inputs(case, case["weight_step"], False)
    weight_loss = loss_of(case, P, case["weight_step"], archs)
    weight_loss.backward()
    if not case["gumbel"]:
        unused = sorted(P.trainable - P.used)
        if unused:
            raise AssertionError(f"{case['name']}: the Python network never used {unused[:5]}")
    result["weight_loss"] = weight_loss.item()
    result["weight_grads"] = {name: gradient(P.tensors[name]).flatten().tolist() for name in sorted(P.trainable)}
    return result


def main(folder):
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    cases = sorted(pathlib.Path(folder).glob("*.case.json"))
    if not cases:
        raise SystemExit(f"no *.case.json in {folder}")
    for path in cases:
        case = json.loads(path.read_text())
        result = run_case(case)
        path.with_name(path.name.replace(".case.json", ".result.json")).write_text(json.dumps(result))
        print(f"{case['name']}: arch loss {result['arch_loss']:.6f}, weight loss {result['weight_loss']:.6f}")


if __name__ == "__main__":
    main(sys.argv[1])
