#!/usr/bin/python3
"""A plain PyTorch DARTS evaluation network (the DARTS code's NetworkCIFAR), written from its description.

A found genotype is trained from scratch in a deeper, wider network of fixed cells:

  stem: 3x3 conv (in -> 3C, no bias) + BN
  `layers` cells; those at layers//3 and 2*layers//3 are reduction cells (channels doubled,
  resolution halved); a cell's inputs are the outputs of the two cells before it, brought to the
  cell's channels by ReLU-1x1 conv-BN (a FactorizedReduce for the older one when the previous cell
  halved the resolution); node k (2..5) = op_a(state[in_a]) + op_b(state[in_b]), each op's output
  through drop path while training (not an identity's); the cell's output is the concat of its
  concat nodes
  an auxiliary head after cell 2*layers//3 (training only)
  global average pool and a linear classifier

Every batch norm is affine; every convolution is bias-free. The ops:

  sep_conv_kxk   ReLU, depthwise kxk (stride s, pad k//2), 1x1, BN, ReLU, depthwise kxk, 1x1, BN
  dil_conv_kxk   ReLU, depthwise kxk (dilation 2, pad k-1, stride s), 1x1, BN
  max_pool_3x3   MaxPool2d(3, s, 1)
  avg_pool_3x3   AvgPool2d(3, s, 1, count_include_pad=False)
  skip_connect   identity at stride 1, FactorizedReduce at stride 2 (ReLU, two 1x1 stride-2 convs to
                 C/2 each, the second on x[:, :, 1:, 1:], concat, BN)

Usage:
  darts_eval_network.py parity DIR
  darts_eval_network.py params [--genotype NAME|TEXT] [--channels 36] [--layers 20] [--classes 10]
  darts_eval_network.py bench  [--genotype NAME|TEXT] [--channels 36] [--layers 20] [--classes 10]
                               [--batch 96] [--threads N] [--steps S] [--warmup W] [--image 32]

`params` prints the trainable parameter count without and with the auxiliary head. `bench` times
full training steps on the CPU in float32 (forward with the auxiliary head and drop path 0.2,
loss + 0.4 * auxiliary loss, backward, gradient clipping at norm 5, SGD with momentum 0.9 and
weight decay 3e-4) on random 32x32 inputs and prints one machine-readable line.

`parity` is EvalTorchParityTest's PyTorch side: for every DIR/NAME.case.json the test wrote (the Java
network's weights by their DJL parameter names, the batches, the drop-path masks, the SGD settings)
it runs the same passes in float64 and writes DIR/NAME.result.json (see run_parity_case).

A genotype is a name (DARTS_V1, DARTS_V2, PC_DARTS_cifar, GAEA_EDARTS4) or the DARTS text form
Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...],
reduce_concat=[2, 3, 4, 5]), read with ast (never evaluated).
"""
import argparse
import ast
import collections
import json
import pathlib
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

Genotype = collections.namedtuple("Genotype", "normal normal_concat reduce reduce_concat")

OPS = ("max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3",
       "dil_conv_5x5")

# the texts of DARTS_V1 and DARTS_V2 are those of DartsGenotype.java; the other two are from the
# PC-DARTS and GAEA papers' code
GENOTYPES = {
    "DARTS_V1": "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), "
                "('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
                "('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), "
                "('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), "
                "('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])",
    "DARTS_V2": "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), "
                "('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), "
                "('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), "
                "('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), "
                "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
    "PC_DARTS_cifar": "Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), "
                      "('dil_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), "
                      "('dil_conv_3x3', 1)], normal_concat=[2, 3, 4, 5], reduce=[('sep_conv_5x5', 1), "
                      "('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0), "
                      "('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2)], reduce_concat=[2, 3, 4, 5])",
    "GAEA_EDARTS4": "Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1), ('skip_connect', 0), "
                    "('skip_connect', 1), ('skip_connect', 0), ('skip_connect', 2), ('skip_connect', 0), "
                    "('dil_conv_3x3', 3)], normal_concat=[2, 3, 4, 5], reduce=[('dil_conv_3x3', 1), "
                    "('max_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), "
                    "('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 4)], reduce_concat=[2, 3, 4, 5])",
}

FIELDS = ("normal", "normal_concat", "reduce", "reduce_concat")


# ---------------------------------------------------------------- the genotype

def parse_genotype(text):
    """The Genotype of a name of GENOTYPES or of the DARTS text form; ValueError when malformed."""
    text = GENOTYPES.get(text, text).strip()
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as e:
        raise ValueError(f"not a genotype (expected a name of {sorted(GENOTYPES)} or Genotype(...)): {e}") from None
    if not (isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name) and tree.func.id == "Genotype"):
        raise ValueError(f"expected Genotype(normal=..., normal_concat=..., reduce=..., reduce_concat=...), "
                         f"got {text[:200]!r}")
    if len(tree.args) > len(FIELDS):
        raise ValueError(f"Genotype takes {len(FIELDS)} fields, got {len(tree.args)} positional")
    values = {}
    for field, node in zip(FIELDS, tree.args):
        values[field] = node
    for kw in tree.keywords:
        if kw.arg not in FIELDS:
            raise ValueError(f"unknown Genotype field {kw.arg!r}; the fields are {', '.join(FIELDS)}")
        if kw.arg in values:
            raise ValueError(f"Genotype field {kw.arg!r} given twice")
        values[kw.arg] = kw.value
    missing = [f for f in FIELDS if f not in values]
    if missing:
        raise ValueError(f"Genotype lacks {', '.join(missing)}")
    cells = {}
    for cell in ("normal", "reduce"):
        try:
            pairs = ast.literal_eval(values[cell])
        except ValueError:
            raise ValueError(f"{cell}: expected a list of (op, input) pairs") from None
        if not isinstance(pairs, (list, tuple)) or len(pairs) % 2 or not pairs:
            raise ValueError(f"{cell}: expected an even, non-zero number of (op, input) pairs")
        checked = []
        for k, pair in enumerate(pairs):
            if not (isinstance(pair, (list, tuple)) and len(pair) == 2 and isinstance(pair[0], str)
                    and isinstance(pair[1], int) and not isinstance(pair[1], bool)):
                raise ValueError(f"{cell}[{k}]: expected an (op, input) pair, got {pair!r}")
            op, source = pair
            node = 2 + k // 2
            if op not in OPS:
                raise ValueError(f"{cell}[{k}]: unknown op {op!r}; the ops are {', '.join(OPS)}")
            if not 0 <= source < node:
                raise ValueError(f"{cell}[{k}]: node {node} cannot take input {source}")
            checked.append((op, source))
        cells[cell] = checked
        concat = concat_list(values[cell + "_concat"], cell)
        nodes = 2 + len(checked) // 2
        if not concat or any(not 0 <= c < nodes for c in concat):
            raise ValueError(f"{cell}_concat: nodes must lie in 0..{nodes - 1}, got {concat}")
        cells[cell + "_concat"] = concat
    return Genotype(**cells)


def concat_list(node, cell):
    """A literal list of ints, or range(a, b) as the DARTS code writes it."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range" \
            and not node.keywords:
        bounds = [ast.literal_eval(a) for a in node.args]
        if not 1 <= len(bounds) <= 2 or not all(isinstance(b, int) for b in bounds):
            raise ValueError(f"{cell}_concat: bad range")
        return list(range(*bounds))
    try:
        values = ast.literal_eval(node)
    except ValueError:
        raise ValueError(f"{cell}_concat: expected a list of node numbers") from None
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, int) for v in values):
        raise ValueError(f"{cell}_concat: expected a list of node numbers, got {values!r}")
    return list(values)


# ---------------------------------------------------------------- ops

class ReLUConvBN(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 1, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class FactorizedReduce(nn.Module):
    """ReLU, two 1x1 stride-2 convs to c_out/2 channels (the second offset by one pixel), concat, BN."""

    def __init__(self, c_in, c_out):
        super().__init__()
        if c_out % 2:
            raise ValueError(f"FactorizedReduce needs an even channel count, got {c_out}")
        self.conv1 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.conv2 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        x = F.relu(x)
        return self.bn(torch.cat([self.conv1(x), self.conv2(x[:, :, 1:, 1:])], 1))


class DilConv(nn.Module):
    """ReLU, depthwise kxk conv (dilation d), 1x1 conv, BN: a dil_conv, or half a sep_conv."""

    def __init__(self, c, k, stride, dilation):
        super().__init__()
        self.depthwise = nn.Conv2d(c, c, k, stride, dilation * (k - 1) // 2, dilation, groups=c, bias=False)
        self.pointwise = nn.Conv2d(c, c, 1, bias=False)
        self.bn = nn.BatchNorm2d(c)

    def forward(self, x):
        return self.bn(self.pointwise(self.depthwise(F.relu(x))))


class SepConv(nn.Module):
    def __init__(self, c, k, stride):
        super().__init__()
        self.first = DilConv(c, k, stride, 1)
        self.second = DilConv(c, k, 1, 1)

    def forward(self, x):
        return self.second(self.first(x))


def make_op(name, c, stride):
    if name == "max_pool_3x3":
        return nn.MaxPool2d(3, stride, 1)
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride, 1, count_include_pad=False)
    if name == "skip_connect":
        return nn.Identity() if stride == 1 else FactorizedReduce(c, c)
    if name in ("sep_conv_3x3", "sep_conv_5x5"):
        return SepConv(c, int(name[-1]), stride)
    if name in ("dil_conv_3x3", "dil_conv_5x5"):
        return DilConv(c, int(name[-1]), stride, 2)
    raise ValueError(f"unknown op {name!r}")


def drop_path(x, drop_prob, mask=None):
    """Zeroes whole samples with probability drop_prob and scales the others by 1 / (1 - drop_prob)."""
    keep = 1.0 - drop_prob
    if mask is None:
        mask = torch.empty(x.shape[0], 1, 1, 1, dtype=x.dtype, device=x.device).bernoulli_(keep)
    return x / keep * mask.reshape(x.shape[0], 1, 1, 1)


# ---------------------------------------------------------------- the network

class Cell(nn.Module):
    def __init__(self, genotype, c_pp, c_p, c, reduction, reduction_prev):
        super().__init__()
        self.reduction = reduction
        self.preprocess0 = FactorizedReduce(c_pp, c) if reduction_prev else ReLUConvBN(c_pp, c)
        self.preprocess1 = ReLUConvBN(c_p, c)
        pairs = genotype.reduce if reduction else genotype.normal
        self.concat = genotype.reduce_concat if reduction else genotype.normal_concat
        self.inputs = [source for _, source in pairs]
        self.ops = nn.ModuleList(make_op(op, c, 2 if reduction and source < 2 else 1) for op, source in pairs)
        self.multiplier = len(self.concat)

    def forward(self, s0, s1, drop_prob, masks=None):
        """masks: an optional iterator of per-sample drop path masks, one per non-identity op, in op order."""
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        for node in range(len(self.ops) // 2):
            total = 0
            for k in (2 * node, 2 * node + 1):
                op = self.ops[k]
                h = op(states[self.inputs[k]])
                if self.training and drop_prob > 0 and not isinstance(op, nn.Identity):
                    h = drop_path(h, drop_prob, None if masks is None else next(masks))
                total = total + h
            states.append(total)
        return torch.cat([states[i] for i in self.concat], 1)


class AuxiliaryHead(nn.Module):
    """For 8x8 inputs: ReLU, 5x5 average pool (stride 3) to 2x2, 1x1 conv to 128, BN, ReLU, 2x2 conv to 768
    (1x1), BN, ReLU, linear."""

    def __init__(self, c, classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.ReLU(),
            nn.AvgPool2d(5, stride=3, padding=0, count_include_pad=False),
            nn.Conv2d(c, 128, 1, bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.Conv2d(128, 768, 2, bias=False),
            nn.BatchNorm2d(768),
            nn.ReLU(),
        )
        self.classifier = nn.Linear(768, classes)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


class NetworkCifar(nn.Module):
    STEM_MULTIPLIER = 3

    def __init__(self, genotype, channels=36, layers=20, classes=10, auxiliary=True, in_channels=3):
        super().__init__()
        c_cur = self.STEM_MULTIPLIER * channels
        self.stem = nn.Sequential(nn.Conv2d(in_channels, c_cur, 3, padding=1, bias=False), nn.BatchNorm2d(c_cur))
        c_pp, c_p, c_cur = c_cur, c_cur, channels
        self.cells = nn.ModuleList()
        self.aux_after = 2 * layers // 3
        reduction_prev = False
        c_aux = None
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                c_cur *= 2
            cell = Cell(genotype, c_pp, c_p, c_cur, reduction, reduction_prev)
            self.cells.append(cell)
            reduction_prev = reduction
            c_pp, c_p = c_p, cell.multiplier * c_cur
            if i == self.aux_after:
                c_aux = c_p
        self.auxiliary_head = AuxiliaryHead(c_aux, classes) if auxiliary else None
        self.classifier = nn.Linear(c_p, classes)
        self.drop_path_prob = 0.0

    def forward(self, x, masks=None):
        """The logits, and the auxiliary logits (None outside training or without the head)."""
        s0 = s1 = self.stem(x)
        logits_aux = None
        for i, cell in enumerate(self.cells):
            s0, s1 = s1, cell(s0, s1, self.drop_path_prob, masks)
            if i == self.aux_after and self.auxiliary_head is not None and self.training:
                logits_aux = self.auxiliary_head(s1)
        return self.classifier(s1.mean((2, 3))), logits_aux


def count(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


# ---------------------------------------------------------------- commands

def cmd_params(args):
    genotype = parse_genotype(args.genotype)
    net = NetworkCifar(genotype, args.channels, args.layers, args.classes, auxiliary=True)
    total = count(net)
    aux = count(net.auxiliary_head)
    print(f"torch-eval-params genotype={label(args.genotype)} C={args.channels} layers={args.layers} "
          f"classes={args.classes} params={total - aux} params_with_aux={total} "
          f"({(total - aux) / 1e6:.2f}M / {total / 1e6:.2f}M)")


def cmd_bench(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    genotype = parse_genotype(args.genotype)
    net = NetworkCifar(genotype, args.channels, args.layers, args.classes, auxiliary=True)
    net.train()
    net.drop_path_prob = args.drop_path
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=3e-4)
    x = torch.randn(args.batch, 3, args.image, args.image)
    y = torch.randint(0, args.classes, (args.batch,))

    def step():
        optimizer.zero_grad()
        logits, logits_aux = net(x)
        loss = F.cross_entropy(logits, y) + args.aux_weight * F.cross_entropy(logits_aux, y)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    times = []
    loss = float("nan")
    for _ in range(args.steps):
        start = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - start)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    ms = 1000 * sum(times) / len(times)
    print(f"torch-eval-step genotype={label(args.genotype)} C={args.channels} layers={args.layers} "
          f"batch={args.batch} threads={args.threads} steps={args.steps} warmup={args.warmup} "
          f"ms_per_step={ms:.1f} ms_min={1000 * min(times):.1f} ms_max={1000 * max(times):.1f} "
          f"peak_rss_mib={rss_mib:.0f} last_loss={loss:.4f} torch={torch.__version__}")


# ---------------------------------------------------------------- parity with the Java NetworkCifar

def _bn_names(prefix, bn):
    return {prefix + "_gamma": bn.weight, prefix + "_beta": bn.bias, prefix + "_runningMean": bn.running_mean,
            prefix + "_runningVar": bn.running_var}


def _op_names(prefix, op):
    """The DJL names of an op's tensors: OpChain stages and FactorizedReduce children by position."""
    if isinstance(op, (nn.Identity, nn.MaxPool2d, nn.AvgPool2d)):
        return {}
    if isinstance(op, FactorizedReduce):
        return {prefix + "_01conv1_weight": op.conv1.weight, prefix + "_02conv2_weight": op.conv2.weight,
                **_bn_names(prefix + "_03bn", op.bn)}
    if isinstance(op, ReLUConvBN):
        return {prefix + "_01conv_weight": op.conv.weight, **_bn_names(prefix + "_02bn", op.bn)}
    if isinstance(op, DilConv):
        return {prefix + "_01conv_weight": op.depthwise.weight, prefix + "_02conv_weight": op.pointwise.weight,
                **_bn_names(prefix + "_03bn", op.bn)}
    if isinstance(op, SepConv):
        # the Java chain: conv, conv, bn, relu, conv, conv, bn
        return {prefix + "_01conv_weight": op.first.depthwise.weight,
                prefix + "_02conv_weight": op.first.pointwise.weight, **_bn_names(prefix + "_03bn", op.first.bn),
                prefix + "_05conv_weight": op.second.depthwise.weight,
                prefix + "_06conv_weight": op.second.pointwise.weight, **_bn_names(prefix + "_07bn", op.second.bn)}
    raise TypeError(f"no Java names for {type(op).__name__}")


def java_names(net):
    """Every parameter and running statistic of `net` by the Java NetworkCifar's parameter name (DJL's
    getParameters() keys: a two-digit position per child block, then the block's name)."""
    names = {"01stem_01Conv2d_weight": net.stem[0].weight, **_bn_names("01stem_02BatchNorm", net.stem[1])}
    for i, cell in enumerate(net.cells):
        prefix = f"{i + 2:02d}cell{i}"
        names.update(_op_names(prefix + "_01preprocess0", cell.preprocess0))
        names.update(_op_names(prefix + "_02preprocess1", cell.preprocess1))
        for k, op in enumerate(cell.ops):
            names.update(_op_names(f"{prefix}_{k + 3:02d}op{k}", op))
    position = len(net.cells) + 2
    if net.auxiliary_head is not None:
        head = f"{position:02d}auxiliary"
        f = net.auxiliary_head.features
        # the Java head's SequentialBlock: relu, pool, Conv2d, BatchNorm, relu, Conv2d, BatchNorm, relu
        names.update({head + "_01features_03Conv2d_weight": f[2].weight,
                      **_bn_names(head + "_01features_04BatchNorm", f[3]),
                      head + "_01features_06Conv2d_weight": f[5].weight,
                      **_bn_names(head + "_01features_07BatchNorm", f[6]),
                      head + "_02classifier_weight": net.auxiliary_head.classifier.weight,
                      head + "_02classifier_bias": net.auxiliary_head.classifier.bias})
        position += 1
    names[f"{position:02d}classifier_weight"] = net.classifier.weight
    names[f"{position:02d}classifier_bias"] = net.classifier.bias
    covered = {id(t) for t in names.values()}
    missed = [n for n, t in list(net.named_parameters()) + list(net.named_buffers())
              if id(t) not in covered and not n.endswith("num_batches_tracked")]
    if missed:
        raise AssertionError(f"tensors without a Java name: {missed[:5]}")
    return names


def load_java(net, spec):
    """Copies the Java tensors into `net`; every Java tensor must have a place and the same shape."""
    names = java_names(net)
    unknown = sorted(set(spec) - set(names))
    absent = sorted(set(names) - set(spec))
    if unknown or absent:
        raise AssertionError(f"Java parameters the PyTorch network lacks: {unknown[:5]}; "
                             f"PyTorch tensors Java lacks: {absent[:5]}")
    with torch.no_grad():
        for name, p in spec.items():
            t = names[name]
            value = torch.tensor(p["values"], dtype=t.dtype).reshape(p["shape"])
            if tuple(value.shape) != tuple(t.shape):
                raise AssertionError(f"{name}: Java shape {tuple(value.shape)}, PyTorch {tuple(t.shape)}")
            t.copy_(value)
            if isinstance(t, nn.Parameter) and t.requires_grad != p["trainable"]:
                raise AssertionError(f"{name}: trainable in PyTorch, not in Java" if t.requires_grad
                                     else f"{name}: trainable in Java, not in PyTorch")
    return names


class MaskFeed:
    """The Java drop-path masks in the order the forward pass asks for them (0 or 1/keep per sample), as 0/1."""

    def __init__(self, masks, drop_prob):
        self.masks = masks or []
        self.keep = 1.0 - drop_prob
        self.used = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.used >= len(self.masks):
            raise AssertionError(f"the forward pass wants more than the {len(self.masks)} masks Java gave")
        m = torch.tensor(self.masks[self.used], dtype=torch.float64)
        self.used += 1
        kept = m != 0
        if not torch.allclose(m[kept], torch.full_like(m[kept], 1 / self.keep), rtol=1e-12, atol=0):
            raise AssertionError(f"mask {self.used - 1} is not 0 or 1/keep: {m.tolist()}")
        return kept.to(torch.float64)


def _losses(net, case, batch):
    x = torch.tensor(batch["x"], dtype=torch.float64).reshape(case["x_shape"])
    y = torch.tensor(batch["labels"])
    feed = MaskFeed(batch.get("masks"), case["drop_prob"])
    logits, logits_aux = net(x, feed if case["drop_prob"] > 0 else None)
    loss = F.cross_entropy(logits, y)
    total = loss + case["aux_weight"] * F.cross_entropy(logits_aux, y)
    return loss, total, feed.used


def run_parity_case(case):
    """The Java test's passes, in order (so the running statistics see the same batches):

    1. a gradient pass on case["gradient_pass"]: the main-head loss and every trainable gradient, no update;
    2. case["train_steps"]: each forward with the auxiliary head (and the Java masks when drop path is on),
       loss + aux_weight * aux loss, backward, clip_grad_norm_, torch.optim.SGD (momentum, weight decay);
    3. an inference pass on case["eval_x"] (running statistics, no auxiliary head).
    """
    genotype = parse_genotype(case["genotype"])
    net = NetworkCifar(genotype, case["channels"], case["layers"], case["classes"], auxiliary=True).double()
    names = load_java(net, case["params"])
    trainable = {n: t for n, t in names.items() if case["params"][n]["trainable"]}
    initial = {n: t.detach().clone() for n, t in trainable.items()}
    net.train()
    net.drop_path_prob = case["drop_prob"]

    loss, total, masks_used = _losses(net, case, case["gradient_pass"])
    total.backward()
    result = {"gradient_loss": loss.item(), "gradient_total_loss": total.item(), "masks_per_pass": masks_used,
              "gradients": {n: t.grad.flatten().tolist() for n, t in trainable.items()}}

    sgd = case["sgd"]
    optimizer = torch.optim.SGD(list(trainable.values()), lr=0.0, momentum=sgd["momentum"],
                                weight_decay=sgd["weight_decay"])
    result["step_losses"], result["step_grad_norms"] = [], []
    for step in case["train_steps"]:
        optimizer.zero_grad()
        loss, total, _ = _losses(net, case, step)
        total.backward()
        norm = nn.utils.clip_grad_norm_(list(trainable.values()), sgd["clip"])
        for group in optimizer.param_groups:
            group["lr"] = step["lr"]
        optimizer.step()
        result["step_losses"].append(loss.item())
        result["step_grad_norms"].append(norm.item())
    result["updates"] = {n: (t.detach() - initial[n]).flatten().tolist() for n, t in trainable.items()}
    result["running"] = {n: t.flatten().tolist() for n, t in names.items()
                         if n.endswith("_runningMean") or n.endswith("_runningVar")}

    net.eval()
    with torch.no_grad():
        x = torch.tensor(case["eval_x"], dtype=torch.float64).reshape(case["x_shape"])
        logits, logits_aux = net(x)
    assert logits_aux is None
    result["eval_logits"] = logits.flatten().tolist()
    return result


def cmd_parity(args):
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    cases = sorted(pathlib.Path(args.dir).glob("*.case.json"))
    if not cases:
        raise SystemExit(f"no *.case.json in {args.dir}")
    for path in cases:
        case = json.loads(path.read_text())
        result = run_parity_case(case)
        path.with_name(path.name.replace(".case.json", ".result.json")).write_text(json.dumps(result))
        print(f"{path.name}: gradient-pass loss {result['gradient_loss']:.6f}, masks per pass "
              f"{result['masks_per_pass']}, step losses {[round(v, 6) for v in result['step_losses']]}, "
              f"gradient norms before clipping {[round(v, 4) for v in result['step_grad_norms']]}")


def label(genotype):
    return genotype if genotype in GENOTYPES else "custom"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("parity").add_argument("dir", help="the folder of EvalTorchParityTest's *.case.json")
    for name in ("params", "bench"):
        p = sub.add_parser(name)
        p.add_argument("--genotype", default="DARTS_V2", help="a name of " + ", ".join(GENOTYPES) + " or Genotype(...)")
        p.add_argument("--channels", type=int, default=36)
        p.add_argument("--layers", type=int, default=20)
        p.add_argument("--classes", type=int, default=10)
    bench = sub.choices["bench"]
    bench.add_argument("--batch", type=int, default=96)
    bench.add_argument("--threads", type=int, default=1)
    bench.add_argument("--steps", type=int, default=3)
    bench.add_argument("--warmup", type=int, default=1)
    bench.add_argument("--image", type=int, default=32)
    bench.add_argument("--drop-path", type=float, default=0.2)
    bench.add_argument("--aux-weight", type=float, default=0.4)
    bench.add_argument("--lr", type=float, default=0.025)
    bench.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        {"params": cmd_params, "bench": cmd_bench, "parity": cmd_parity}[args.command](args)
    except ValueError as e:
        raise SystemExit(f"darts_eval_network.py: {e}") from None


if __name__ == "__main__":
    main(sys.argv[1:])
