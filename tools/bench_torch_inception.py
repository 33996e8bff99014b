"""Times pytorch-fid's Inception-v3 (FID variant) forward pass, to compare with
`dotnet run -c Release --project benchmarks/Dcgan.Net.Benchmarks -- inception --images 200`.

Run with Debian's python: /usr/bin/python3 tools/bench_torch_inception.py [--images 200] [--batch 50] [--size 32]
[--dims 2048] [--threads 2]

The model is tools/make_inception_fixtures.py's restatement of pytorch-fid's network (torchvision Inception3 with
the FID blocks) with random weights and random batch-norm statistics, in eval mode under no_grad, on random RGB
inputs of size x size resized to 299 inside the forward pass (as pytorch-fid's InceptionV3 does), batches of 50,
torch.set_num_threads(2). Prints per-batch rates (also per CPU-second) and last `images_per_s X` (the median batch rate).
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_inception_fixtures as fid  # noqa: E402

LEVEL_INDEX = {64: 0, 192: 1, 768: 2, 2048: 3}


def randomize(net, generator):
    with torch.no_grad():
        for name, tensor in net.state_dict().items():
            if name.endswith("conv.weight"):
                bound = (6.0 / tensor[0].numel()) ** 0.5
                tensor.uniform_(-bound, bound, generator=generator)
            elif name.endswith(("bn.weight", "bn.running_var")):
                tensor.uniform_(0.8, 1.2, generator=generator)
            elif name.endswith(("bn.bias", "bn.running_mean")):
                tensor.uniform_(-0.2, 0.2, generator=generator)


@torch.no_grad()
def forward(net, images, dims):
    x = torch.nn.functional.interpolate(images, size=(299, 299), mode="bilinear", align_corners=False)
    x = 2 * x - 1
    for block in fid.blocks(net)[:LEVEL_INDEX[dims] + 1]:
        for layer in block:
            x = layer(x)
    return torch.nn.functional.adaptive_avg_pool2d(x, (1, 1)).flatten(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--dims", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(1)
    net = fid.fid_inception()
    randomize(net, generator)
    images = torch.rand(args.batch, 3, args.size, args.size, generator=generator)
    for _ in range(args.warmup):
        forward(net, images, args.dims)

    rates, cpu_rates = [], []
    for done in range(0, args.images, args.batch):
        start, cpu_start = time.perf_counter(), time.process_time()
        forward(net, images, args.dims)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
        rates.append(args.batch / seconds)
        cpu_rates.append(args.batch / cpu_seconds)
        # Per CPU-second is the rate of one busy core (OpenMP's spinning threads count as busy).
        print(f"batch {len(rates)}: {seconds:.3f} s  {rates[-1]:.2f} images/s  ({cpu_rates[-1]:.2f} per CPU-second)")
    print(f"torch {torch.__version__} dims={args.dims} batch={args.batch} size={args.size} threads={args.threads}")
    print(f"images_per_cpu_s {statistics.median(cpu_rates):.2f}")
    print(f"images_per_s {statistics.median(rates):.2f}")


if __name__ == "__main__":
    main()
