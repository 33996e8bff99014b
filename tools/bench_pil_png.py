#!/usr/bin/python3
"""Decodes the PNG files of a folder with PIL and prints the median rate, for comparison with
`Dcgan.Net.Benchmarks pngdecode` on the same files in the same sitting.

    dotnet run -c Release --project benchmarks/Dcgan.Net.Benchmarks -- pngdecode --write /tmp/pngbench
    /usr/bin/python3 tools/bench_pil_png.py /tmp/pngbench

Files are read into memory first; each timed decode is Image.open(BytesIO(data)).load(), single-threaded.
"""
import argparse
import glob
import io
import os
import statistics
import time

from PIL import Image


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    paths = sorted(glob.glob(os.path.join(args.folder, "*.png")))[: args.count]
    files = []
    for path in paths:
        with open(path, "rb") as f:
            files.append(f.read())
    print(f"files {len(files)}, mean size {sum(map(len, files)) / len(files):.0f} bytes")

    rates = []
    for r in range(args.repeat):
        start = time.perf_counter()
        for data in files:
            Image.open(io.BytesIO(data)).load()
        rate = len(files) / (time.perf_counter() - start)
        rates.append(rate)
        print(f"run {r + 1}: {rate:.0f} images/s")
    print(f"images_per_s {statistics.median(rates):.0f}")


if __name__ == "__main__":
    main()
