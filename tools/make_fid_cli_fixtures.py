#!/usr/bin/python3
"""Fixtures of the FID command line (tests/Dcgan.Net.Tests/Fid/CommandLine): how pytorch-fid prints its score, and
what pytorch-fid's pipeline computes on two small folders with the formula Inception of make_inception_fixtures.py.

Run with Debian's python (numpy 1.24, scipy 1.10, torch 1.13.1, torchvision 0.14.1, Pillow):
    /usr/bin/python3 tools/make_fid_cli_fixtures.py
Output: tests/Dcgan.Net.Tests/Fixtures/Fid/CommandLine/ (about 110 KB).

float_repr.json
    pytorch-fid ends with `print("FID: ", fid_value)`, where fid_value is the numpy.float64 returned by
    calculate_frechet_distance, so the line is "FID:  " + str(numpy.float64(value)). Each entry holds a value's
    IEEE-754 bits (16 hex digits, big-endian, so no decimal parsing is involved) and that exact line: edge cases
    (signed zero, the fixed/scientific switches at 1e-4 and 1e16, the extremes, non-finite values) and seeded
    random doubles over 10^-12 to 10^20.

real/, fake/, pytorch_fid_64.json, real_stats_64.npz
    Two folders of 70 seeded 12x12 PNGs (real: values 0..199; fake: 40..255; in real, img000 is gray "L" and img001
    is RGBA, to exercise convert("RGB")). pytorch-fid is not installed here, so its pipeline is restated from
    shared/specs/inception-fid.md section 5 (fid_score.py): files sorted from path.glob("*.png"),
    Image.open(f).convert("RGB"), torchvision's ToTensor, batches of 50 in order, the model in eval mode under
    no_grad, activations stored in a float64 array, mu = np.mean(act, 0), sigma = np.cov(act, rowvar=False), and
    calculate_frechet_distance with scipy.linalg.sqrtm, its 1e-6 retry and its imaginary-part check. The model is
    the FID Inception with the formula weights at --dims 64 (the stem, which is also the committed
    inception_stem_zip.pth). The JSON holds the printed line of `python -m pytorch_fid real fake --dims 64`;
    real_stats_64.npz is what `--save-stats real real_stats_64.npz --dims 64` writes.
"""
import contextlib
import glob
import io
import json
import os
import struct
import sys

import numpy as np
import scipy.linalg
import torch
import torch.nn.functional as F
import torchvision.transforms as TF
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_inception_fixtures as inception  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Dcgan.Net.Tests", "Fixtures", "Fid",
                   "CommandLine")
IMAGES = 70
SIDE = 12
BATCH = 50

EDGES = [
    0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 2 / 3, 10.0, 100.0, 123.456, 1e-4, 9.999999999999999e-05, 1.0000000000000002e-4,
    1e-5, 1.5e-7, 1e15, 1e16, 9999999999999998.0, 1234567890123456.0, 12345678901234567.0, 1e17, 1e22, 1e100,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -2.2737367544323206e-13, 0.5, 0.25, 1024.0,
    float("nan"), float("inf"), float("-inf"),
]


def line(value):
    return "FID:  " + str(np.float64(value))


def float_repr():
    rng = np.random.default_rng(20260101)
    values = list(EDGES)
    values += list(10.0 ** rng.uniform(-12, 20, size=300))
    values += list(-(10.0 ** rng.uniform(-12, 4, size=40)))
    values += [float(np.round(v, int(k))) for v, k in zip(rng.uniform(0, 500, size=60), rng.integers(0, 6, size=60))]
    entries = [{"bits": struct.pack(">d", float(v)).hex(), "line": line(v)} for v in values]
    with open(os.path.join(OUT, "float_repr.json"), "w", encoding="utf-8") as f:
        json.dump({"numpy": np.__version__, "entries": entries}, f, indent=0)
        f.write("\n")
    print(f"float_repr.json: {len(entries)} values")


def write_folder(name, low, high, seed, special):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    for old in glob.glob(os.path.join(folder, "*.png")):
        os.remove(old)
    rng = np.random.default_rng(seed)
    for i in range(IMAGES):
        if special and i == 0:
            image = Image.fromarray(rng.integers(low, high, (SIDE, SIDE), dtype=np.uint8), "L")
        elif special and i == 1:
            image = Image.fromarray(rng.integers(low, high, (SIDE, SIDE, 4), dtype=np.uint8), "RGBA")
        else:
            image = Image.fromarray(rng.integers(low, high, (SIDE, SIDE, 3), dtype=np.uint8), "RGB")
        image.save(os.path.join(folder, f"img{i:03d}.png"))
    return folder


@torch.no_grad()
def activations(net, folder, dims=64, batch_size=BATCH):
    """fid_score.get_activations: the blocks up to the level, the global mean, into a float64 array."""
    files = sorted(glob.glob(os.path.join(folder, "*.png")))
    act = np.empty((len(files), dims))
    to_tensor = TF.ToTensor()
    last = inception.LEVELS.index(dims)
    for start in range(0, len(files), batch_size):
        chunk = files[start:start + batch_size]
        batch = torch.stack([to_tensor(Image.open(f).convert("RGB")) for f in chunk])
        x = 2 * F.interpolate(batch, size=(299, 299), mode="bilinear", align_corners=False) - 1
        for block in inception.blocks(net)[:last + 1]:
            for layer in block:
                x = layer(x)
        act[start:start + len(chunk)] = F.adaptive_avg_pool2d(x, (1, 1)).flatten(1).numpy()
    return act


def formula_network():
    """The FID Inception with every weight from make_inception_fixtures.py's formula, and its state dict."""
    net = inception.fid_inception()
    layout = list(net.state_dict().items())
    state = {name: inception.formula_tensor(key, name, list(t.shape)) for key, (name, t) in enumerate(layout)}
    net.load_state_dict(state, strict=True)
    return net, state


def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """fid_score.calculate_frechet_distance, step by step as spec section 5.2 gives it."""
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(sigma1.dot(sigma2), disp=False)
    if not np.isfinite(covmean).all():
        print("fid calculation produces singular product; adding %s to diagonal of cov estimates" % eps)
        offset = np.eye(sigma1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError("Imaginary component {}".format(np.max(np.abs(covmean.imag))))
        covmean = covmean.real
    return diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean)


def pytorch_fid_run():
    net, _ = formula_network()
    real = write_folder("real", 0, 200, seed=11, special=True)
    fake = write_folder("fake", 40, 256, seed=12, special=False)
    stats = []
    for folder in (real, fake):
        act = activations(net, folder)
        stats.append((np.mean(act, axis=0), np.cov(act, rowvar=False)))
    np.savez_compressed(os.path.join(OUT, "real_stats_64.npz"), mu=stats[0][0], sigma=stats[0][1])

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        print("FID: ", frechet_distance(stats[0][0], stats[0][1], stats[1][0], stats[1][1]))
    result = {"dims": 64, "batch_size": BATCH, "images": IMAGES, "line": printed.getvalue().rstrip("\n"),
              "torch": torch.__version__, "numpy": np.__version__, "scipy": scipy.__version__}
    with open(os.path.join(OUT, "pytorch_fid_64.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(result["line"])


def main():
    os.makedirs(OUT, exist_ok=True)
    float_repr()
    pytorch_fid_run()
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"{OUT}: {total} bytes")


if __name__ == "__main__":
    main()
