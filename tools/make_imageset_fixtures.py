#!/usr/bin/python3
"""Writes the fixtures of the image-file, image-array, image-folder and FID image-set tests.

Run with Debian's python3 (Pillow 9.4, numpy 1.24, torch 1.13, torchvision 0.14):
    /usr/bin/python3 tools/make_imageset_fixtures.py

Outputs (about 40 KB in all):
  Fixtures/Imaging/files/     small images written by PIL in many modes and formats (PNG L/LA/RGB/RGBA/P/I;16, JPEG,
                              PPM/PGM, and BMP/GIF/TIFF/WebP that Dcgan.Net does not decode), a PNG named .jpg, and
                              manifest.txt: "<path relative to Fixtures/Imaging> <width> <height>" for every decodable
                              file (these plus the png/ and pnm/ fixtures), with expected/<name>.rgb.raw and .l.raw
                              holding PIL's Image.open(path).convert("RGB") and convert("L") bytes.
  Fixtures/Imaging/arrays/    uint8 image arrays saved by numpy (.npy, .npz) in clean-fid's layouts (N,H,W) and
                              (N,H,W,C), and malformed ones. Pixel values follow pattern() below, which the tests
                              recompute; the tests also compare their own .npy output with numpy's bytes.
  Fixtures/Fid/folder_order.json
                              file names (some tricky) and the order in which pytorch-fid's
                              sorted(path.glob('*.' + ext)) over its extension list visits them, plus sorted(rglob)
                              for the recursive case, both computed here on a real folder (directories left out).
  Fixtures/Data/imagefolder/  a class-per-folder tree and expected.json: torchvision.datasets.ImageFolder's classes
                              and samples on it, and expected_rgb.npy / expected_l.npy: every sample as Dcgan.Net's
                              ImageFolderDataset must deliver it at 3x5x6 / 1x5x6 in [-1, 1], computed with torch:
                              PIL convert, raw 0-255 float32, F.interpolate(bilinear, align_corners=False) when the size
                              differs, then x / 127.5 - 1.
"""
import json
import os
import shutil
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from PIL import Image

TESTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Dcgan.Net.Tests", "Fixtures")
IMAGING = os.path.join(TESTS, "Imaging")
RNG = np.random.default_rng(20260607)

# pytorch-fid's IMAGE_EXTENSIONS (src/pytorch_fid/fid_score.py).
PYTORCH_FID_EXTENSIONS = {"bmp", "jpg", "jpeg", "pgm", "png", "ppm", "tif", "tiff", "webp"}


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def pattern(n, h, w, c):
    """The tests' formula: value = (37 n + 11 y + 5 x + 71 c) mod 256."""
    i, y, x, k = np.meshgrid(np.arange(n), np.arange(h), np.arange(w), np.arange(c), indexing="ij")
    return ((37 * i + 11 * y + 5 * x + 71 * k) % 256).astype(np.uint8)


def colourful(h, w):
    """A smooth RGB image plus noise, so JPEG and palette quantisation have something to do."""
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([x * 255 / max(w - 1, 1), y * 255 / max(h - 1, 1), (x + y) * 127 / max(w + h - 2, 1)], axis=-1)
    return np.clip(base + RNG.integers(-40, 40, size=(h, w, 3)), 0, 255).astype(np.uint8)


def write_files():
    out = fresh(os.path.join(IMAGING, "files"))
    expected = fresh(os.path.join(out, "expected"))
    rgb = Image.fromarray(colourful(5, 7), "RGB")
    alpha = Image.fromarray(RNG.integers(0, 256, size=(5, 7), dtype=np.uint8), "L")
    rgba = rgb.copy()
    rgba.putalpha(alpha)
    gray = rgb.convert("L")
    la = gray.copy()
    la.putalpha(alpha)
    i16 = Image.fromarray(RNG.integers(0, 1200, size=(5, 7)).astype(np.uint16), "I;16")

    rgb.save(os.path.join(out, "rgb.png"))
    rgba.save(os.path.join(out, "rgba.png"))
    gray.save(os.path.join(out, "l.png"))
    la.save(os.path.join(out, "la.png"))
    rgb.convert("P", palette=Image.ADAPTIVE, colors=12).save(os.path.join(out, "p.png"))
    i16.save(os.path.join(out, "i16.png"))
    rgb.save(os.path.join(out, "rgb.jpg"), quality=90)
    gray.save(os.path.join(out, "l.jpg"), quality=90)
    rgb.save(os.path.join(out, "rgb.ppm"))
    gray.save(os.path.join(out, "l.pgm"))
    rgb.save(os.path.join(out, "png_named.jpg"), format="PNG")
    for ext in ("bmp", "gif", "tif", "webp"):
        rgb.save(os.path.join(out, "unsupported." + ext))

    decodable = ["files/" + f for f in sorted(os.listdir(out)) if os.path.isfile(os.path.join(out, f)) and not f.startswith("unsupported")]
    for area in ("png", "pnm"):
        for line in open(os.path.join(IMAGING, area, "manifest.txt")):
            if line.strip():
                decodable.append(area + "/" + line.split()[0])

    manifest = []
    for rel in decodable:
        image = Image.open(os.path.join(IMAGING, rel))
        name = rel.replace("/", "_")
        np.asarray(image.convert("RGB")).tofile(os.path.join(expected, name + ".rgb.raw"))
        np.asarray(image.convert("L")).tofile(os.path.join(expected, name + ".l.raw"))
        manifest.append(f"{rel} {image.width} {image.height}")

    with open(os.path.join(out, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


def write_arrays():
    out = fresh(os.path.join(IMAGING, "arrays"))
    np.save(os.path.join(out, "gray_nhw.npy"), pattern(3, 5, 7, 1)[..., 0])
    np.save(os.path.join(out, "gray_nhw1.npy"), pattern(2, 5, 7, 1))
    np.save(os.path.join(out, "rgb_nhwc.npy"), pattern(2, 5, 7, 3))
    np.save(os.path.join(out, "rgba_nhwc.npy"), pattern(2, 5, 7, 4))
    np.save(os.path.join(out, "rgb_fortran.npy"), np.asfortranarray(pattern(2, 5, 7, 3)))
    np.save(os.path.join(out, "one_hwc.npy"), pattern(1, 5, 7, 3)[0])
    np.save(os.path.join(out, "one_hw.npy"), pattern(1, 5, 7, 1)[0, ..., 0])
    np.savez_compressed(os.path.join(out, "rgb_single.npz"), pattern(2, 5, 7, 3))
    np.savez(os.path.join(out, "two_members.npz"), real=pattern(2, 5, 7, 3), fake=pattern(3, 5, 7, 1)[..., 0])
    np.save(os.path.join(out, "bad_float32.npy"), pattern(2, 5, 7, 3).astype(np.float32) / 255)
    np.save(os.path.join(out, "bad_rank2.npy"), pattern(1, 5, 7, 1)[0, ..., 0].reshape(5, 7))
    np.save(os.path.join(out, "bad_five_channels.npy"), pattern(1, 5, 7, 5))
    np.save(os.path.join(out, "bad_empty.npy"), np.zeros((0, 5, 7), np.uint8))


def write_folder_order():
    names = ["b.png", "a.png", "A.png", "a b.png", "a_b.png", "a-b.png", "img10.png", "img2.png", "Z.jpg", "z.jpeg",
             "\u00e4.png", "\u00e9.ppm", "x.PNG", "y.Jpg", "notes.txt", "c.pgm", "d.bmp", "e.tif", "f.tiff", "g.webp",
             ".hidden.png", "noext", "two.dots.png", "sub/inner.png", "sub/deeper/k.png", "sub b/q.jpg", "sub2.png",
             "sub.png/inside.png"]
    root = tempfile.mkdtemp()
    try:
        for name in names:
            path = os.path.join(root, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "wb").close()
        top = __import__("pathlib").Path(root)
        flat = sorted(f for ext in PYTORCH_FID_EXTENSIONS for f in top.glob("*." + ext))
        deep = sorted(f for ext in PYTORCH_FID_EXTENSIONS for f in top.rglob("*." + ext))
        as_names = lambda paths: [p.relative_to(top).as_posix() for p in paths if p.is_file()]
        result = {"names": names, "extensions": sorted(PYTORCH_FID_EXTENSIONS),
                  "pytorch_fid_order": as_names(flat), "recursive_order": as_names(deep)}
    finally:
        shutil.rmtree(root)
    with open(os.path.join(TESTS, "Fid", "folder_order.json"), "w") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)


def write_image_folder():
    out = fresh(os.path.join(TESTS, "Data", "imagefolder"))
    root = os.path.join(out, "root")
    files = {
        "stray.png": ("RGB", 5, 6), "notes.txt": None,
        "cat/c1.png": ("L", 5, 6), "cat/c0.ppm": ("RGB", 5, 6), "cat/C2.PNG": ("RGBA", 5, 6),
        "dog/d.png": ("RGB", 5, 6), "dog/a b/e.png": ("P", 5, 6), "dog/a/f.png": ("LA", 5, 6),
        "dog/a/x/g.png": ("RGB", 7, 9), "Zebra/z.png": ("RGB", 3, 4),
    }
    for rel, spec in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if spec is None:
            open(path, "w").write("not an image\n")
            continue
        mode, h, w = spec
        image = Image.fromarray(colourful(h, w), "RGB")
        if mode == "P":
            image = image.convert("P", palette=Image.ADAPTIVE, colors=8)
        elif mode != "RGB":
            image = image.convert(mode)
        image.save(path, format="PNG" if rel.lower().endswith(".png") else None)

    dataset = torchvision.datasets.ImageFolder(root)
    samples = [[os.path.relpath(p, root).replace(os.sep, "/"), c] for p, c in dataset.samples]
    expected = {"classes": dataset.classes, "samples": samples}
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)

    for mode, name in (("RGB", "expected_rgb.npy"), ("L", "expected_l.npy")):
        tensors = []
        for rel, _ in samples:
            pixels = np.asarray(Image.open(os.path.join(root, rel)).convert(mode), dtype=np.float32)
            x = torch.from_numpy(pixels.reshape(pixels.shape[0], pixels.shape[1], -1)).permute(2, 0, 1).contiguous()
            if x.shape[1:] != (5, 6):
                x = F.interpolate(x[None], size=(5, 6), mode="bilinear", align_corners=False)[0]
            tensors.append((x / 127.5 - 1).numpy())
        np.save(os.path.join(out, name), np.stack(tensors).astype(np.float32))


if __name__ == "__main__":
    write_files()
    write_arrays()
    write_folder_order()
    write_image_folder()
