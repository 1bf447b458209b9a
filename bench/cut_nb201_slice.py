#!/usr/bin/env python3
"""Cuts the NAS-Bench-201 test fixture nas-core/src/test/resources/nb201-slice/ out of the full
benchmark files under ../shared/data, so that the benchmark tests run on a lone clone.

- nats_bench_slice.csv: some rows of nb201/nats_bench.csv, unchanged (every field as in the full
  file, so the figures are exact), with a leading Index column giving each row's benchmark index
  (row i of the full file is index i); header as the full file's plus Index; sorted by index.
  The rows: the three architectures of the official sample files (0, 11, 284); the best
  architecture of each dataset (so the maxima of the slice are the full table's); the five cells
  of one op on every edge; the cells the tests name; the cells the tests' tiny sweeps derive
  (TINY_SWEEP_ARCHS below); and every STEP-th index, for a spread.
- NATS-tss-v1_0-3ffb9-simple/: the four official files of nats-bench-samples (meta.pickle.pbz2,
  the list of all 15,625 architectures that NatsBenchArchive checks, and the files of
  architectures 0, 11 and 284), copied unchanged.

    python3 bench/cut_nb201_slice.py ../shared/data nas-core/src/test/resources/nb201-slice
"""
import os
import shutil
import sys

STEP = 50

OFFICIAL = ["meta.pickle.pbz2", "000000.pickle.pbz2", "000011.pickle.pbz2", "000284.pickle.pbz2"]
OFFICIAL_INDEXES = [0, 11, 284]
OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]

# cells the tests look up by name (BenchmarkTableTest, Nb201TableTest, NatsBenchArchiveTest, CliTest,
# the README's example)
NAMED = [
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|",
    "|skip_connect~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|nor_conv_3x3~2|",
    "|nor_conv_1x1~0|+|none~0|nor_conv_3x3~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|",
    "|none~0|+|avg_pool_3x3~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_3x3~1|none~2|",
    "|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|",
    "|none~0|+|none~0|none~1|+|none~0|none~1|nor_conv_1x1~2|",
]

# final and per-epoch architectures of the tests' tiny sweeps (SweepJobTest.tinySweep: synthetic
# data, 2 epochs, C=4, darts and gaea, seeds 1 to 3; ReportJobTest's adds rsws, whose diverged
# runs end on the all-none cell), as derived on the CPU engine (2 threads, oneDNN capped at AVX);
# BenchmarkScoresSweepTest, ReportJobTest and NotebooksIT score them against the slice
TINY_SWEEP_ARCHS = [
    "|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|skip_connect~1|skip_connect~2|",
    "|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|skip_connect~1|nor_conv_1x1~2|",
    "|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
    "|nor_conv_3x3~0|+|nor_conv_1x1~0|none~1|+|nor_conv_1x1~0|none~1|none~2|",
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|avg_pool_3x3~0|none~1|skip_connect~2|",
    "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_1x1~2|",
    "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|skip_connect~1|nor_conv_1x1~2|",
    "|nor_conv_3x3~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_1x1~2|",
    "|skip_connect~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|",
    "|skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|nor_conv_3x3~0|nor_conv_3x3~1|skip_connect~2|",
]


def uniform(op):
    return "|{0}~0|+|{0}~0|{0}~1|+|{0}~0|{0}~1|{0}~2|".format(op)


def main(shared, out):
    source = os.path.join(shared, "nb201", "nats_bench.csv")
    with open(source, newline="") as f:
        lines = f.read().splitlines()
    header, body = lines[0].split(","), [line.split(",") for line in lines[1:]]
    if len(body) != 15625 or any(len(r) != len(header) for r in body):
        sys.exit(f"{source}: not the 15,625 rows of {len(header)} plain fields expected")
    arch_col = header.index("ArchitectureString")
    index_of = {r[arch_col]: i for i, r in enumerate(body)}

    wanted = set(OFFICIAL_INDEXES)
    for column in ["CIFAR10TestAccuracy200Epochs", "CIFAR100TestAccuracy200Epochs", "ImageNetTestAccuracy200Epochs"]:
        c = header.index(column)
        wanted.add(max(range(len(body)), key=lambda i: float(body[i][c])))
    for arch in [uniform(op) for op in OPS] + NAMED + TINY_SWEEP_ARCHS:
        if arch not in index_of:
            sys.exit(f"{arch}: not in {source}")
        wanted.add(index_of[arch])
    wanted.update(range(0, len(body), STEP))

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "nats_bench_slice.csv"), "w", newline="") as f:
        f.write("Index," + lines[0] + "\n")
        for i in sorted(wanted):
            f.write(f"{i},{lines[i + 1]}\n")

    official = os.path.join(out, "NATS-tss-v1_0-3ffb9-simple")
    os.makedirs(official, exist_ok=True)
    for name in OFFICIAL:
        shutil.copyfile(os.path.join(shared, "nats-bench-samples", "NATS-tss-v1_0-3ffb9-simple", name),
                        os.path.join(official, name))
    print(f"{len(wanted)} rows of {source} -> {out}/nats_bench_slice.csv; {len(OFFICIAL)} official files")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
