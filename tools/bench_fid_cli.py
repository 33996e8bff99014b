#!/usr/bin/python3
"""Times pytorch-fid's pipeline (restated in tools/make_fid_cli_fixtures.py; pytorch-fid itself is not installed
here) on two folders of seeded PNGs with the formula Inception, and writes the same weights as safetensors so that
samples/FidScore can be timed on the same files in the same sitting:

    /usr/bin/python3 tools/bench_fid_cli.py --images 200 --size 32 --dims 2048 --out /tmp/fidbench
    time dotnet samples/FidScore/bin/Release/net10.0/FidScore.dll --weights /tmp/fidbench/inception.safetensors \\
        /tmp/fidbench/real /tmp/fidbench/fake

Prints pytorch-fid's line ("FID:  ...") and the seconds of the features, of the distance and in total. torch runs
with --threads threads (default 2, this machine's cores), in eval mode under no_grad, as pytorch-fid on a CPU.
"""
import argparse
import contextlib
import io
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fid_cli_fixtures as cli  # noqa: E402
import safetensors_min  # noqa: E402


def write_folder(folder, count, size, low, high, seed):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        Image.fromarray(rng.integers(low, high, (size, size, 3), dtype=np.uint8), "RGB").save(os.path.join(folder, f"img{i:05d}.png"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--dims", type=int, default=2048, choices=(64, 192, 768, 2048))
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    net, state = cli.formula_network()
    weights = os.path.join(args.out, "inception.safetensors")
    if not os.path.exists(weights):
        os.makedirs(args.out, exist_ok=True)
        safetensors_min.save(weights, {k: v.numpy() for k, v in state.items()}, metadata={"generator": "tools/bench_fid_cli.py"})
    folders = [os.path.join(args.out, "real"), os.path.join(args.out, "fake")]
    for folder, (low, high, seed) in zip(folders, [(0, 200, 1), (40, 256, 2)]):
        if not os.path.isdir(folder):
            write_folder(folder, args.images, args.size, low, high, seed)

    start = time.perf_counter()
    stats = []
    for folder in folders:
        act = cli.activations(net, folder, args.dims, args.batch_size)
        stats.append((np.mean(act, axis=0), np.cov(act, rowvar=False)))
    features = time.perf_counter() - start
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        print("FID: ", cli.frechet_distance(stats[0][0], stats[0][1], stats[1][0], stats[1][1]))
    total = time.perf_counter() - start
    print(printed.getvalue(), end="")
    print(f"features {features:.1f} s, distance {total - features:.1f} s, total {total:.1f} s "
          f"({2 * args.images / features:.1f} images/s in the feature pass)", file=sys.stderr)


if __name__ == "__main__":
    main()
