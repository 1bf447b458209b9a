#!/usr/bin/env python3
"""Builds a full-size NATS-Bench topology folder ("simple" format, 15,625 architecture files) from
the official sample files, for timing `geonas import-benchmark` at the real size.

Architecture i gets the figures of sample i mod len(samples) under its own index and arch string
(from meta.pickle.pbz2), so every file is a valid, distinct benchmark file of the real layout.
The figures are NOT the benchmark's: use the output for speed and size measurements only.
numpy is not needed: its scalar and dtype globals are stood in for by classes that pickle back
to the same globals.

    python3 bench/synthesize_nats_archive.py ../shared/data/nats-bench-samples/NATS-tss-v1_0-3ffb9-simple OUT [--workers 2]
"""
import argparse
import bz2
import copy
import os
import pickle
import sys
import types
from multiprocessing import Pool


class dtype:  # stands in for numpy.dtype: keeps its constructor arguments and state
    def __init__(self, *args):
        self.args = args
        self.state = None

    def __setstate__(self, state):
        self.state = state

    def __reduce__(self):
        return (dtype, self.args, self.state)


class Scalar:  # a numpy scalar: the dtype and its raw bytes
    def __init__(self, dt, raw):
        self.dt, self.raw = dt, raw

    def __reduce__(self):
        return (scalar, (self.dt, self.raw))


def scalar(dt, raw):
    return Scalar(dt, raw)


def install_numpy_stand_ins():
    numpy = types.ModuleType("numpy")
    core = types.ModuleType("numpy.core")
    multiarray = types.ModuleType("numpy.core.multiarray")
    numpy.dtype, multiarray.scalar = dtype, scalar
    numpy.core, core.multiarray = core, multiarray
    dtype.__module__, dtype.__qualname__ = "numpy", "dtype"
    scalar.__module__, scalar.__qualname__ = "numpy.core.multiarray", "scalar"
    sys.modules.update({"numpy": numpy, "numpy.core": core, "numpy.core.multiarray": multiarray})


def load(path):
    with bz2.open(path, "rb") as f:
        return pickle.load(f)


SAMPLES = []
ARCHS = []
OUT = ""


def init(samples, archs, out):
    install_numpy_stand_ins()
    SAMPLES.extend(samples)
    ARCHS.extend(archs)
    globals()["OUT"] = out


def write(index):
    record = copy.deepcopy(SAMPLES[index % len(SAMPLES)])
    for hp in record.values():
        hp["arch_index"] = index
        hp["arch_str"] = ARCHS[index]
        for result in hp["all_results"].values():
            result["arch_config"]["arch_str"] = ARCHS[index]
    with bz2.open(os.path.join(OUT, "%06d.pickle.pbz2" % index), "wb") as f:
        pickle.dump(record, f, protocol=4)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("samples")
    parser.add_argument("out")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--count", type=int, default=0, help="architectures to write (default: all of meta)")
    args = parser.parse_args()
    install_numpy_stand_ins()
    meta = load(os.path.join(args.samples, "meta.pickle.pbz2"))
    archs = meta["meta_archs"]
    names = sorted(n for n in os.listdir(args.samples) if n[:6].isdigit())
    samples = [load(os.path.join(args.samples, n)) for n in names]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.samples, "meta.pickle.pbz2"), "rb") as src, \
            open(os.path.join(args.out, "meta.pickle.pbz2"), "wb") as dst:
        dst.write(src.read())
    count = args.count or len(archs)
    with Pool(args.workers, initializer=init, initargs=(samples, archs, args.out)) as pool:
        for done, _ in enumerate(pool.imap_unordered(write, range(count), chunksize=64), 1):
            if done % 1000 == 0 or done == count:
                print("\r%d/%d" % (done, count), end="", flush=True)
    print()


if __name__ == "__main__":
    main()
