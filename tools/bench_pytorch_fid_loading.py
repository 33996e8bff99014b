#!/usr/bin/python3
"""pytorch-fid's image loading (everything before the Inception) on a folder, for comparison with
`Dcgan.Net.Benchmarks imageset` on the same files in the same sitting:

    dotnet run -c Release --project benchmarks/Dcgan.Net.Benchmarks -- pngdecode --write /tmp/pngbench
    dotnet run -c Release --project benchmarks/Dcgan.Net.Benchmarks -- imageset --folder /tmp/pngbench
    /usr/bin/python3 tools/bench_pytorch_fid_loading.py /tmp/pngbench

The pipeline restates pytorch-fid's fid_score.py (not installed here): sorted glob over its extensions, a Dataset
doing Image.open(path).convert("RGB") and torchvision's ToTensor, and a DataLoader with batch_size 50,
shuffle=False, drop_last=False and num_workers=min(8, cpu count) (its CLI default).
"""
import argparse
import os
import pathlib
import statistics
import time

import torch
import torchvision.transforms as TF
from PIL import Image

EXTENSIONS = {"bmp", "jpg", "jpeg", "pgm", "png", "ppm", "tif", "tiff", "webp"}


class ImagePathDataset(torch.utils.data.Dataset):
    def __init__(self, files):
        self.files = files
        self.transforms = TF.ToTensor()

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        return self.transforms(Image.open(self.files[i]).convert("RGB"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workers", type=int, default=min(8, os.cpu_count()))
    args = parser.parse_args()

    path = pathlib.Path(args.folder)
    files = sorted(f for ext in EXTENSIONS for f in path.glob(f"*.{ext}"))
    print(f"{len(files)} files, batch {args.batch}, workers {args.workers}")
    rates = []
    for r in range(args.repeat):
        start = time.perf_counter()
        loader = torch.utils.data.DataLoader(ImagePathDataset(files), batch_size=args.batch, shuffle=False,
                                             drop_last=False, num_workers=args.workers)
        checksum = 0.0
        for batch in loader:
            checksum += float(batch.reshape(-1)[-1])
        rate = len(files) / (time.perf_counter() - start)
        rates.append(rate)
        print(f"run {r + 1}: {rate:.0f} images/s")
    print(f"checksum {checksum:.3f}")
    print(f"images_per_s {statistics.median(rates):.0f}")


if __name__ == "__main__":
    main()
