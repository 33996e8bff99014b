"""Fixtures for Dcgan.Net.Fid.Inception: pytorch-fid's Inception-v3 (FID variant) with formula weights.

Run with Debian's python: /usr/bin/python3 tools/make_inception_fixtures.py
(torch 1.13.1, torchvision 0.14.1, numpy). Needs no network and no weight file.

The network is torchvision's Inception3(num_classes=1008, aux_logits=False, init_weights=False) with the blocks
Mixed_5b..Mixed_7c replaced by the FID variants of shared/specs/inception-fid.md section 2 (restated below:
average pools that exclude the padding, a max pool in the last block's pool branch), driven like pytorch-fid's
InceptionV3 wrapper: bilinear resize to 299 (align_corners=False), 2x - 1, the blocks up to the requested level,
and a global spatial mean for every level (pytorch-fid's get_activations).

The real weights are 95 MB, too big to commit, so every value comes from a formula that the C# tests reproduce
bit for bit (tests/Dcgan.Net.Tests/Fid/Inception/InceptionFixtures.cs):
  h(key, i)  = splitmix64 finaliser of (key << 32 | i) + 0x9E3779B97F4A7C15, in uint64
  u24        = h >> 40                                  (24 random bits)
  v          = float32(u24) * 2**-23 - 1                (exact: a uniform float32 in [-1, 1))
  key        = position of the tensor in the 566-entry state dict (the spec's appendix order)
  conv.weight          v * float32(sqrt(6 / fan_in))    (He-uniform, so activations keep their scale)
  bn.weight            1 + 0.2 * v
  bn.bias, running_mean     0.2 * v
  bn.running_var       1 + 0.2 * v
  fc.weight, fc.bias   0.01 * v                         (not used by the features)
  num_batches_tracked  int64 key (ignored by the loader)
  input pixels         float32(u24) * 2**-24 in [0, 1), key = 1000000 + input number
every product and sum in float32 (one rounding each), which C# float arithmetic reproduces exactly.

Outputs (tests/Dcgan.Net.Tests/Fixtures/Fid/Inception/):
  inception_features.safetensors   for each input name: "<name>.<dims>" the torch float32 features [N, dims] and
                                   "<name>.<dims>.f64" those of the same model and input in float64
  inception_layout.json            the model's state_dict keys, shapes and dtypes in order (566 entries)
  inception_stem_zip.pth           torch.save of the first 18 entries (Conv2d_1a/2a/2b, enough for 64-d features),
  inception_stem_legacy.pth        zip format and _use_new_zipfile_serialization=False: files written by torch itself

Inputs: rgb32 [2, 3, 32, 32]; gray28 [2, 1, 28, 28] (given to torch repeated to 3 channels, as PIL's
convert("RGB") does in pytorch-fid); full299 [1, 3, 299, 299] (the resize is an identity); odd61x47 [1, 3, 61, 47].
The legacy .pth names storages by memory address, so re-running changes its bytes (not its content).
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torchvision.models import inception as tv

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_min  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "Dcgan.Net.Tests", "Fixtures", "Fid", "Inception")
INPUT_KEY = 1_000_000
INPUTS = {"rgb32": (2, 3, 32, 32), "gray28": (2, 1, 28, 28), "full299": (1, 3, 299, 299), "odd61x47": (1, 3, 61, 47)}
LEVELS = (64, 192, 768, 2048)
STEM_ENTRIES = 18


# ---- the formula -------------------------------------------------------------------------------------------
def hash_bits(key, count):
    """24 random bits per element i < count of tensor `key` (splitmix64 finaliser, wrapping uint64 arithmetic)."""
    z = (np.uint64(key) << np.uint64(32)) | np.arange(count, dtype=np.uint64)
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float32)


def symmetric(key, count):
    return hash_bits(key, count) * np.float32(2.0 ** -23) - np.float32(1.0)


def formula_tensor(key, name, shape):
    count = int(np.prod(shape)) if shape else 1
    if name.endswith("num_batches_tracked"):
        return torch.tensor(key, dtype=torch.int64)
    v = symmetric(key, count)
    if name.endswith("conv.weight"):
        fan_in = int(np.prod(shape[1:]))
        values = v * np.float32(math.sqrt(6.0 / fan_in))
    elif name.endswith("bn.weight") or name.endswith("bn.running_var"):
        values = np.float32(1.0) + np.float32(0.2) * v
    elif name.endswith("bn.bias") or name.endswith("bn.running_mean"):
        values = np.float32(0.2) * v
    elif name.startswith("fc."):
        values = np.float32(0.01) * v
    else:
        raise ValueError(f"no formula for {name}")
    return torch.from_numpy(values.astype(np.float32).reshape(shape))


def formula_input(number, shape):
    count = int(np.prod(shape))
    pixels = hash_bits(INPUT_KEY + number, count) * np.float32(2.0 ** -24)
    return torch.from_numpy(pixels.reshape(shape))


# ---- the FID blocks (spec section 2.3), restated on torchvision's modules -----------------------------------
def avg_pool_excluding_padding(x):
    return F.avg_pool2d(x, kernel_size=3, stride=1, padding=1, count_include_pad=False)


class FidA(tv.InceptionA):
    def forward(self, x):
        b1 = self.branch1x1(x)
        b5 = self.branch5x5_2(self.branch5x5_1(x))
        b3 = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        bp = self.branch_pool(avg_pool_excluding_padding(x))
        return torch.cat([b1, b5, b3, bp], 1)


class FidC(tv.InceptionC):
    def forward(self, x):
        b1 = self.branch1x1(x)
        b7 = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        d = self.branch7x7dbl_1(x)
        for layer in (self.branch7x7dbl_2, self.branch7x7dbl_3, self.branch7x7dbl_4, self.branch7x7dbl_5):
            d = layer(d)
        bp = self.branch_pool(avg_pool_excluding_padding(x))
        return torch.cat([b1, b7, d, bp], 1)


class FidE(tv.InceptionE):
    def __init__(self, in_channels, max_pool):
        super().__init__(in_channels)
        self.max_pool = max_pool

    def forward(self, x):
        b1 = self.branch1x1(x)
        t = self.branch3x3_1(x)
        b3 = torch.cat([self.branch3x3_2a(t), self.branch3x3_2b(t)], 1)
        u = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        bd = torch.cat([self.branch3x3dbl_3a(u), self.branch3x3dbl_3b(u)], 1)
        if self.max_pool:
            pooled = F.max_pool2d(x, kernel_size=3, stride=1, padding=1)
        else:
            pooled = avg_pool_excluding_padding(x)
        return torch.cat([b1, b3, bd, self.branch_pool(pooled)], 1)


def fid_inception():
    net = tv.Inception3(num_classes=1008, aux_logits=False, init_weights=False)
    net.Mixed_5b = FidA(192, pool_features=32)
    net.Mixed_5c = FidA(256, pool_features=64)
    net.Mixed_5d = FidA(288, pool_features=64)
    net.Mixed_6b = FidC(768, channels_7x7=128)
    net.Mixed_6c = FidC(768, channels_7x7=160)
    net.Mixed_6d = FidC(768, channels_7x7=160)
    net.Mixed_6e = FidC(768, channels_7x7=192)
    net.Mixed_7b = FidE(1280, max_pool=False)
    net.Mixed_7c = FidE(2048, max_pool=True)
    return net.eval()


def blocks(net):
    """pytorch-fid's four blocks; block i ends at feature level LEVELS[i]."""
    return [
        [net.Conv2d_1a_3x3, net.Conv2d_2a_3x3, net.Conv2d_2b_3x3, lambda x: F.max_pool2d(x, 3, 2)],
        [net.Conv2d_3b_1x1, net.Conv2d_4a_3x3, lambda x: F.max_pool2d(x, 3, 2)],
        [net.Mixed_5b, net.Mixed_5c, net.Mixed_5d, net.Mixed_6a, net.Mixed_6b, net.Mixed_6c, net.Mixed_6d, net.Mixed_6e],
        [net.Mixed_7a, net.Mixed_7b, net.Mixed_7c],
    ]


@torch.no_grad()
def features(net, images, report=False):
    """All four levels for [N, 3, H, W] pixels in [0, 1], as pytorch-fid computes each (resize, 2x-1, global mean)."""
    x = F.interpolate(images, size=(299, 299), mode="bilinear", align_corners=False)
    x = 2 * x - 1
    result = {}
    for level, block in zip(LEVELS, blocks(net)):
        for layer in block:
            x = layer(x)
            if report and isinstance(layer, torch.nn.Module):
                positive = (x > 0).double().mean().item()
                print(f"  {level:4d} {type(layer).__name__:12s} rms {x.double().pow(2).mean().sqrt().item():.4f} "
                      f"positive {positive:.3f}")
        result[level] = F.adaptive_avg_pool2d(x, (1, 1)).flatten(1)
    return result


def main():
    os.makedirs(OUT, exist_ok=True)
    net = fid_inception()
    layout = [(name, list(t.shape), str(t.dtype).replace("torch.", "")) for name, t in net.state_dict().items()]
    assert len(layout) == 566, len(layout)
    state = {name: formula_tensor(key, name, shape) for key, (name, shape, _) in enumerate(layout)}
    net.load_state_dict(state, strict=True)

    outputs = {}
    net64 = fid_inception().double()
    net64.load_state_dict({k: v.double() if v.is_floating_point() else v for k, v in state.items()}, strict=True)
    for number, (name, shape) in enumerate(INPUTS.items()):
        pixels = formula_input(number, shape)
        rgb = pixels.repeat(1, 3, 1, 1) if shape[1] == 1 else pixels
        print(name, list(shape))
        f32 = features(net, rgb, report=(name == "rgb32"))
        f64 = features(net64, rgb.double())
        for level in LEVELS:
            outputs[f"{name}.{level}"] = f32[level].numpy().astype(np.float32)
            outputs[f"{name}.{level}.f64"] = f64[level].numpy().astype(np.float64)
            reference = f64[level].numpy()
            error = np.abs(f32[level].numpy() - reference).max() / np.abs(reference).max()
            print(f"  level {level}: mean {reference.mean():.4f} max {reference.max():.4f} "
                  f"torch f32 vs f64 max error / max value {error:.2e}")

    safetensors_min.save(os.path.join(OUT, "inception_features.safetensors"), outputs,
                         metadata={"generator": "tools/make_inception_fixtures.py", "torch": torch.__version__})
    with open(os.path.join(OUT, "inception_layout.json"), "w") as f:
        lines = [json.dumps({"name": n, "shape": s, "dtype": d}, separators=(",", ":")) for n, s, d in layout]
        f.write("[\n" + ",\n".join(lines) + "\n]\n")

    stem = {name: state[name] for name, _, _ in layout[:STEM_ENTRIES]}
    assert all(n.startswith(("Conv2d_1a", "Conv2d_2a", "Conv2d_2b")) for n in stem), list(stem)
    torch.save(stem, os.path.join(OUT, "inception_stem_zip.pth"))
    torch.save(stem, os.path.join(OUT, "inception_stem_legacy.pth"), _use_new_zipfile_serialization=False)
    for file in sorted(os.listdir(OUT)):
        print(f"{file}: {os.path.getsize(os.path.join(OUT, file))} bytes")


if __name__ == "__main__":
    main()
