#!/usr/bin/python3
"""Writes the Imaging test fixtures under tests/Dcgan.Net.Tests/Fixtures/Imaging/.

Run with Debian's python3 (Pillow 9.4, torch 1.13, torchvision 0.14):
    /usr/bin/python3 tools/make_imaging_fixtures.py

Outputs (all tiny; raw files are little-endian, row-major, no header; sizes are in the manifests):
  png/       PNG files in every color type, bit depth, tRNS variant and with/without Adam7, written by a
             small independent writer below (PIL cannot write most of them) plus files written by PIL.
             png/manifest.txt: "<file> <width> <height> <channels> <bitdepth>"; <file>.raw holds the
             expected decoded samples in Dcgan.Net's layout (see PngDecoder remarks), checked against
             PIL's decoding here.
  pnm/       PGM/PPM files (P2, P3, P5, P6, maxval 15 / 255 / 1000 / 65535) and expected samples
             (pnm/manifest.txt, same format).
  convert/   RGB pixels and PIL's convert("L") result.
  resize/    torch F.interpolate(bilinear, align_corners=False) inputs/outputs (float32) and PIL
             Image.resize(BICUBIC) inputs/outputs (uint8); resize/manifest.txt.
  grid/      torchvision.utils.save_image inputs (float32) and the PNG it wrote; grid/manifest.txt.
"""
import io
import os
import struct
import zlib

import numpy as np
import torch
import torch.nn.functional as F
import torchvision.utils as vutils
from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Dcgan.Net.Tests", "Fixtures", "Imaging")
RNG = np.random.default_rng(20260501)


def out_dir(name):
    path = os.path.join(ROOT, name)
    os.makedirs(path, exist_ok=True)
    for f in os.listdir(path):
        os.remove(os.path.join(path, f))
    return path


# ---------------------------------------------------------------------------------------------------------
# A minimal PNG writer, independent of the C# code: explicit filters (cycled so every filter type is used),
# optional Adam7 and IDAT split into several chunks.

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """samples: 1-D int array of one scanline's samples."""
    if depth == 16:
        return samples.astype(">u2").tobytes()
    if depth == 8:
        return samples.astype(np.uint8).tobytes()
    per_byte = 8 // depth
    out = bytearray((len(samples) * depth + 7) // 8)
    for i, v in enumerate(samples):
        out[i // per_byte] |= int(v) << (8 - depth - (i % per_byte) * depth)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, raw, prev, bpp):
    out = bytearray(len(raw))
    for x in range(len(raw)):
        a = raw[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out[x] = (raw[x] - pred) & 0xFF
    return bytes([kind]) + bytes(out)


def scanlines(samples, depth, first_filter):
    """samples: (h, w, s) int array -> filtered bytes of one (sub)image."""
    h, w, s = samples.shape
    bpp = max(1, s * depth // 8)
    out, prev = b"", None
    for y in range(h):
        raw = pack_row(samples[y].reshape(-1), depth)
        prev = prev or bytes(len(raw))
        out += filter_row((first_filter + y) % 5, raw, prev, bpp)
        prev = raw
    return out


def write_png(samples, depth, color_type, interlace=False, palette=None, trns=None, idat_parts=1):
    h, w, _ = samples.shape
    if interlace:
        data = b""
        for p, (x0, y0, dx, dy) in enumerate(ADAM7):
            sub = samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                data += scanlines(sub, depth, p)
    else:
        data = scanlines(samples, depth, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, int(interlace)))
    png += chunk(b"tEXt", b"Comment\x00ancillary chunks are skipped")
    if palette is not None:
        png += chunk(b"PLTE", palette.astype(np.uint8).tobytes())
    if trns is not None:
        png += chunk(b"tRNS", trns)
    z = zlib.compress(data, 9)
    cut = [len(z) * i // idat_parts for i in range(idat_parts + 1)]
    for i in range(idat_parts):
        png += chunk(b"IDAT", z[cut[i]:cut[i + 1]])
    return png + chunk(b"IEND", b"")


def to_bytes(arr, depth):
    return arr.astype("<u2").tobytes() if depth == 16 else arr.astype(np.uint8).tobytes()


def pil_open(data):
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def expected_for(samples, depth, color_type, palette, trns):
    """Dcgan.Net's decoded layout from the source samples; returns (array h x w x c, out depth)."""
    if color_type == 3:
        lut = np.concatenate([palette, np.full((len(palette), 1), 255)], axis=1)
        if trns is not None:
            lut[: len(trns), 3] = np.frombuffer(trns, np.uint8)
        return lut[samples[..., 0]][..., : 4 if trns is not None else 3], 8
    scale = {1: 255, 2: 85, 4: 17}.get(depth, 1)
    values = samples * scale
    if trns is not None:
        key = np.array(struct.unpack(">%dH" % (len(trns) // 2), trns)) & ((1 << depth) - 1)
        opaque = 65535 if depth == 16 else 255
        alpha = np.where((samples == key).all(axis=2), 0, opaque)[..., None]
        values = np.concatenate([values, alpha], axis=2)
    return values, 16 if depth == 16 else 8


def check_against_pil(png, expected, depth, color_type, trns):
    im = pil_open(png)
    if depth == 16 and color_type == 0:
        got = np.asarray(im, dtype=np.int64)[..., None]
        assert im.mode in ("I", "I;16"), im.mode
        assert (got == expected[..., :1]).all()
        return
    if depth == 16:
        got = np.asarray(im, dtype=np.int64).reshape(expected.shape[0], expected.shape[1], -1)
        if color_type == 4:  # PIL opens 16-bit gray+alpha as RGBA
            got = got[..., [0, 3]]
        assert got.shape[2] == expected.shape[2] - (trns is not None), (im.mode, expected.shape)
        assert (got == expected[..., : got.shape[2]] >> 8).all()
        return
    if color_type == 3:
        mode = "RGBA" if trns is not None else "RGB"
    else:
        mode = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}[expected.shape[2]]
        if trns is not None and depth < 8:
            mode = "L"  # PIL 9.4 compares the tRNS key with scaled samples; see PngDecoder remarks
    got = np.asarray(im.convert(mode), dtype=np.int64).reshape(expected.shape[0], expected.shape[1], -1)
    assert (got == expected[..., : got.shape[2]]).all(), (depth, color_type, mode)


def make_png_fixtures():
    path = out_dir("png")
    manifest = []

    def emit(name, png, expected, out_depth):
        with open(os.path.join(path, name + ".png"), "wb") as f:
            f.write(png)
        with open(os.path.join(path, name + ".raw"), "wb") as f:
            f.write(to_bytes(expected, out_depth))
        h, w, c = expected.shape
        manifest.append(f"{name}.png {w} {h} {c} {out_depth}")

    cases = []
    for depth in (1, 2, 4, 8, 16):
        cases.append(("g", 0, depth, None))
    cases.append(("g_trns", 0, 2, "key"))
    cases.append(("g_trns", 0, 8, "key"))
    cases.append(("g_trns", 0, 16, "key"))
    for depth in (8, 16):
        cases.append(("rgb", 2, depth, None))
        cases.append(("rgb_trns", 2, depth, "key"))
        cases.append(("ga", 4, depth, None))
        cases.append(("rgba", 6, depth, None))
    for depth in (1, 2, 4, 8):
        cases.append(("p", 3, depth, None))
        cases.append(("p_trns", 3, depth, "alpha"))

    for interlace in (False, True):
        for stem, color_type, depth, trns_kind in cases:
            h, w = (11, 13)
            s = CHANNELS[color_type]
            palette = trns = None
            if color_type == 3:
                entries = min(1 << depth, 200)
                palette = RNG.integers(0, 256, (entries, 3))
                samples = RNG.integers(0, entries, (h, w, 1))
                if trns_kind:
                    trns = RNG.integers(0, 256, max(1, entries - 2)).astype(np.uint8).tobytes()
            else:
                samples = RNG.integers(0, 1 << depth, (h, w, s))
                if trns_kind:
                    key = samples[3, 4].copy()
                    samples[5, 6:9] = key
                    trns = struct.pack(">%dH" % s, *key.tolist())
            png = write_png(samples, depth, color_type, interlace, palette, trns, idat_parts=1 + (depth % 3))
            expected, out_depth = expected_for(samples, depth, color_type, palette, trns)
            check_against_pil(png, expected, depth, color_type, trns)
            emit(f"{stem}{depth}{'_i' if interlace else ''}", png, expected, out_depth)

    # Spec 5.5 example size (pass 3 is empty) and single-pixel images.
    for name, (h, w) in (("rgb8_5x3_i", (3, 5)), ("rgb8_1x1_i", (1, 1)), ("g1_1x1", (1, 1))):
        depth = 1 if name.startswith("g1") else 8
        color_type = 0 if depth == 1 else 2
        samples = RNG.integers(0, 1 << depth, (h, w, CHANNELS[color_type]))
        png = write_png(samples, depth, color_type, name.endswith("_i"))
        expected, out_depth = expected_for(samples, depth, color_type, None, None)
        check_against_pil(png, expected, depth, color_type, None)
        emit(name, png, expected, out_depth)

    # Files written by PIL's own encoder.
    h, w = 9, 10
    for mode, channels in (("L", 1), ("LA", 2), ("RGB", 3), ("RGBA", 4)):
        arr = RNG.integers(0, 256, (h, w, channels)).astype(np.uint8)
        im = Image.fromarray(arr[..., 0] if channels == 1 else arr, mode)
        buf = io.BytesIO()
        im.save(buf, format="PNG")
        emit(f"pil_{mode.lower()}", buf.getvalue(), arr, 8)
    bits = RNG.integers(0, 2, (h, w)).astype(bool)
    buf = io.BytesIO()
    Image.fromarray(bits).save(buf, format="PNG")
    emit("pil_1", buf.getvalue(), (bits * 255)[..., None], 8)
    gray16 = RNG.integers(0, 65536, (h, w)).astype(np.uint16)
    buf = io.BytesIO()
    Image.fromarray(gray16, "I;16").save(buf, format="PNG")
    assert (np.asarray(pil_open(buf.getvalue()), dtype=np.int64) == gray16).all()
    emit("pil_i16", buf.getvalue(), gray16[..., None].astype(np.int64), 16)
    for colors in (2, 4, 16, 256):
        idx = RNG.integers(0, colors, (h, w)).astype(np.uint8)
        im = Image.fromarray(idx, "P")
        im.putpalette(RNG.integers(0, 256, colors * 3).astype(np.uint8).tobytes())
        buf = io.BytesIO()
        trns = bytes(RNG.integers(0, 256, colors).astype(np.uint8)) if colors == 16 else None
        if trns:
            im.save(buf, format="PNG", transparency=trns)
        else:
            im.save(buf, format="PNG")
        back = pil_open(buf.getvalue())
        expected = np.asarray(back.convert("RGBA" if trns else "RGB"), dtype=np.int64)
        emit(f"pil_p{colors}", buf.getvalue(), expected, 8)

    with open(os.path.join(path, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


# ---------------------------------------------------------------------------------------------------------
# PGM/PPM.

def pil_round(value, maxval, out_max):
    """PIL's PpmDecoder: round(value / maxval * out_max) with Python's round (half to even)."""
    return round(value / maxval * out_max)


def make_pnm_fixtures():
    path = out_dir("pnm")
    manifest = []

    def emit(name, data, expected, depth):
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
        with open(os.path.join(path, name + ".raw"), "wb") as f:
            f.write(to_bytes(expected, depth))
        h, w, c = expected.shape
        manifest.append(f"{name} {w} {h} {c} {depth}")

    h, w = 4, 5
    for channels, ext, magic in ((1, "pgm", "P5"), (3, "ppm", "P6")):
        arr = RNG.integers(0, 256, (h, w, channels)).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(arr[..., 0] if channels == 1 else arr).save(buf, format="PPM")
        assert buf.getvalue().startswith(magic.encode())
        emit(f"pil_{magic}.{ext}", buf.getvalue(), arr, 8)

    for maxval in (15, 1000, 65535):
        for channels, plain in ((1, True), (1, False), (3, True), (3, False)):
            raw = RNG.integers(0, maxval + 1, (h, w, channels))
            raw[0, 0, 0], raw[0, 1, 0] = 0, maxval
            magic = {(1, True): "P2", (1, False): "P5", (3, True): "P3", (3, False): "P6"}[(channels, plain)]
            header = f"{magic}\n# written by make_imaging_fixtures.py\n{w} {h}\n{maxval}\n".encode()
            if plain:
                body = "\n".join(" ".join(str(v) for v in row.reshape(-1)) for row in raw).encode() + b"\n"
            else:
                body = raw.astype(">u2" if maxval > 255 else np.uint8).tobytes()
            out_max = 65535 if maxval > 255 else 255
            expected = np.vectorize(lambda v: pil_round(int(v), maxval, out_max))(raw)
            im = pil_open(header + body)
            got = np.asarray(im, dtype=np.int64).reshape(h, w, -1)
            if channels == 1 or maxval <= 255:
                assert (got == expected).all(), (magic, maxval)
            ext = "pgm" if channels == 1 else "ppm"
            emit(f"{magic}_{maxval}.{ext}", header + body, expected, 16 if maxval > 255 else 8)

    with open(os.path.join(path, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


# ---------------------------------------------------------------------------------------------------------
# Grayscale conversion.

def pil_l(rgb):
    x = rgb.astype(np.int64)
    return (x[..., 0] * 19595 + x[..., 1] * 38470 + x[..., 2] * 7471 + 0x8000) >> 16


def make_convert_fixtures():
    path = out_dir("convert")
    r, g, b = np.meshgrid(np.arange(256), np.arange(256), np.arange(256), indexing="ij")
    every = np.stack([r, g, b], -1).reshape(4096, 4096, 3).astype(np.uint8)
    pil = np.asarray(Image.fromarray(every, "RGB").convert("L"), dtype=np.int64)
    assert (pil == pil_l(every)).all(), "PIL's L formula changed"
    rounded = (every[..., 0].astype(np.int64) * 299 + every[..., 1] * 587 + every[..., 2] * 114 + 500) // 1000
    tricky = every[pil != rounded][:1024]  # colors where PIL's fixed point differs from rounding /1000
    rgb = np.concatenate([RNG.integers(0, 256, (1024, 3)).astype(np.uint8), tricky])
    rgb = rgb.reshape(32, 64, 3)
    gray = np.asarray(Image.fromarray(rgb, "RGB").convert("L"), dtype=np.uint8)
    rgb.tofile(os.path.join(path, "rgb_64x32.raw"))
    gray.tofile(os.path.join(path, "l_64x32.raw"))


# ---------------------------------------------------------------------------------------------------------
# Resizing.

def make_resize_fixtures():
    path = out_dir("resize")
    manifest = []
    stride = 16
    for name, (c, hi, wi), (ho, wo) in (
        ("up32", (1, 32, 32), (299, 299)),
        ("up28", (1, 28, 28), (299, 299)),
        ("down", (2, 37, 50), (31, 23)),
        ("mixed", (1, 9, 40), (30, 13)),
    ):
        x = torch.from_numpy(RNG.random((c, hi, wi), dtype=np.float32))
        y = F.interpolate(x[None], size=(ho, wo), mode="bilinear", align_corners=False)[0].numpy()
        x.numpy().astype("<f4").tofile(os.path.join(path, f"bilinear_{name}_in.raw"))
        if ho * wo > 10000:
            # Every x weight is exercised on the sampled rows, every y weight on the sampled columns.
            rows = y[:, ::stride, :]
            cols = y[:, :, ::stride]
            np.concatenate([rows.reshape(-1), cols.reshape(-1)]).astype("<f4").tofile(
                os.path.join(path, f"bilinear_{name}_out.raw"))
            manifest.append(f"bilinear {name} {c} {hi} {wi} {ho} {wo} {stride}")
        else:
            y.astype("<f4").tofile(os.path.join(path, f"bilinear_{name}_out.raw"))
            manifest.append(f"bilinear {name} {c} {hi} {wi} {ho} {wo} 1")

    # pytorch-fid's path: 3 channels (PyTorch's generic kernel; 1 channel takes its channels-last kernel).
    rgb_rng = np.random.default_rng(299)
    stride = 32
    x = torch.from_numpy(rgb_rng.random((3, 32, 32), dtype=np.float32))
    y = F.interpolate(x[None], size=(299, 299), mode="bilinear", align_corners=False)[0].numpy()
    x.numpy().astype("<f4").tofile(os.path.join(path, "bilinear_up32rgb_in.raw"))
    np.concatenate([y[:, ::stride, :].reshape(-1), y[:, :, ::stride].reshape(-1)]).astype("<f4").tofile(
        os.path.join(path, "bilinear_up32rgb_out.raw"))
    manifest.append(f"bilinear up32rgb 3 32 32 299 299 {stride}")

    yy, xx = np.mgrid[0:23, 0:37]
    smooth = 128 + 60 * np.sin(xx / 4.0)[..., None] * np.cos(yy / 3.0)[..., None]
    for name, mode, (wo, ho) in (
        ("l_up", "L", (64, 50)),
        ("l_down", "L", (17, 11)),
        ("l_vertical", "L", (37, 50)),
        ("rgb_mixed", "RGB", (20, 60)),
        ("rgb_down", "RGB", (9, 7)),
        ("rgba_down", "RGBA", (30, 19)),
    ):
        channels = len(mode)
        noise = RNG.integers(-60, 61, (23, 37, channels))
        arr = np.clip(smooth + noise, 0, 255).astype(np.uint8)
        if channels == 4:
            arr[..., 3] = RNG.integers(0, 256, (23, 37))
            arr[:5, :5, 3] = 0
        im = Image.fromarray(arr[..., 0] if channels == 1 else arr, mode)
        out = np.asarray(im.resize((wo, ho), Image.BICUBIC), dtype=np.uint8)
        arr.tofile(os.path.join(path, f"bicubic_{name}_in.raw"))
        out.tofile(os.path.join(path, f"bicubic_{name}_out.raw"))
        manifest.append(f"bicubic {name} {channels} 23 37 {ho} {wo} 1")

    with open(os.path.join(path, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


# ---------------------------------------------------------------------------------------------------------
# Image grids.

def make_grid_fixtures():
    path = out_dir("grid")
    manifest = []
    for name, shape, kwargs in (
        ("gray_range", (5, 1, 6, 7), dict(nrow=3, padding=2, normalize=True, value_range=(-1, 1))),
        ("rgb_plain", (3, 3, 5, 4), dict(padding=1, pad_value=0.5)),
        ("rgb_minmax", (4, 3, 4, 6), dict(nrow=2, normalize=True)),
        ("rgb_each", (4, 3, 4, 6), dict(nrow=3, padding=3, normalize=True, scale_each=True)),
        ("single", (1, 3, 5, 5), dict(normalize=True, value_range=(-1, 1))),
    ):
        x = torch.from_numpy((RNG.standard_normal(shape) * 0.8).astype(np.float32))
        if name == "rgb_plain":
            x = x * 0.5 + 0.5
        buf = io.BytesIO()
        vutils.save_image(x, buf, format="png", **kwargs)
        x.numpy().astype("<f4").tofile(os.path.join(path, f"{name}_in.raw"))
        with open(os.path.join(path, f"{name}.png"), "wb") as f:
            f.write(buf.getvalue())
        value_range = kwargs.get("value_range")
        manifest.append(" ".join(str(v) for v in (
            name, *shape, kwargs.get("nrow", 8), kwargs.get("padding", 2), kwargs.get("pad_value", 0.0),
            int(kwargs.get("normalize", False)), int(kwargs.get("scale_each", False)),
            "none" if value_range is None else f"{value_range[0]},{value_range[1]}")))
    with open(os.path.join(path, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    make_png_fixtures()
    make_pnm_fixtures()
    make_convert_fixtures()
    make_resize_fixtures()
    make_grid_fixtures()
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ROOT) for f in fs)
    print(f"wrote {ROOT}: {total} bytes")
