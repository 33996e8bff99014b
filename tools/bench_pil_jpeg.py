#!/usr/bin/python3
"""PIL's JPEG decoding speed on the files the `jpegdecode` benchmark command decodes.

    /usr/bin/python3 tools/bench_pil_jpeg.py [--dir /tmp/dcgan-jpeg-bench] [--count 1000] [--repeat 5]

The first run writes `count` 500x375 JPEGs into `dir` (not committed): crops of SciPy's raccoon
photograph at random positions and scales, randomly mirrored, resized to 500x375 and saved by PIL
with its defaults (quality 75, 4:2:0, baseline); every 10th file is progressive. The seed is fixed, so
the set is the same on every machine with the same PIL. Then every file is read into memory and
decoded to RGB pixels (`Image.open(BytesIO(data)).load()`) `repeat` times on one thread; the last
line is the median `images_per_s`, as printed by
`dotnet run -c Release --project benchmarks/Dcgan.Net.Benchmarks -- jpegdecode --dir DIR`.
"""

import argparse
import io
import os
import statistics
import time

import numpy as np
from PIL import Image
from scipy import misc


def generate(directory, count):
    os.makedirs(directory, exist_ok=True)
    face = Image.fromarray(misc.face())
    rng = np.random.default_rng(5)
    for i in range(count):
        scale = rng.uniform(1.0, 2.0)
        w, h = int(500 * scale), int(375 * scale)
        x, y = int(rng.integers(0, 1024 - w + 1)), int(rng.integers(0, 768 - h + 1))
        im = face.crop((x, y, x + w, y + h)).resize((500, 375), Image.LANCZOS)
        if rng.random() < 0.5:
            im = im.transpose(Image.FLIP_LEFT_RIGHT)
        im.save(os.path.join(directory, f"{i:05d}.jpg"), "JPEG", progressive=(i % 10 == 9))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/dcgan-jpeg-bench")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    names = sorted(f for f in os.listdir(args.dir) if f.endswith(".jpg")) if os.path.isdir(args.dir) else []
    if len(names) < args.count:
        generate(args.dir, args.count)
        names = sorted(f for f in os.listdir(args.dir) if f.endswith(".jpg"))
    names = names[:args.count]
    files = []
    for name in names:
        with open(os.path.join(args.dir, name), "rb") as f:
            files.append(f.read())
    print(f"{len(files)} files, {sum(map(len, files)) / len(files) / 1024:.1f} KiB on average, PIL {Image.__version__}")

    rates = []
    cpu_rates = []
    for r in range(args.repeat):
        cpu_start = time.process_time()
        start = time.perf_counter()
        for data in files:
            im = Image.open(io.BytesIO(data))
            im.load()
        elapsed = time.perf_counter() - start
        rates.append(len(files) / elapsed)
        cpu_rates.append(len(files) / (time.process_time() - cpu_start))
        print(f"pass {r + 1}: {rates[-1]:.1f} images/s ({cpu_rates[-1]:.1f} per CPU second)")
    # Per CPU second (all threads of the process) is steadier than wall time on a busy machine.
    print(f"images_per_cpu_s {statistics.median(cpu_rates):.1f}")
    print(f"images_per_s {statistics.median(rates):.1f}")


if __name__ == "__main__":
    main()
