#!/usr/bin/python3
"""Writes the JPEG decoder fixtures: small JPEG files and PIL's decoded pixels for each.

Run with Debian's system Python (python3-pil 9.4 on libjpeg-turbo 2.1.5):

    /usr/bin/python3 tools/make_jpeg_fixtures.py

Output goes to tests/Dcgan.Net.Tests/Fixtures/Jpeg/: for every case a `.jpg`, the raw bytes PIL
decodes from it (`.raw`, height x width x channels, row-major, uint8) and one line in
`manifest.json`. Most files are written by PIL itself. PIL 9.4 cannot write restart markers,
4:4:0 or 4:1:1 sampling, non-interleaved scans or untransformed RGB, so those cases are encoded by the
small encoder below (baseline, or progressive by spectral selection; standard Huffman and
quantisation tables taken from a PIL-written file) and still decoded by PIL for the reference pixels.
The script is deterministic: running it again rewrites identical files.
"""

import io
import json
import math
import os
import struct

import numpy as np
from PIL import Image, ImageOps
from scipy import misc

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Dcgan.Net.Tests", "Fixtures", "Jpeg")


def photo(width, height, y0, x0, step):
    """A crop of SciPy's raccoon photograph, subsampled by `step` (realistic DCT statistics)."""
    face = misc.face()
    return np.ascontiguousarray(face[y0:y0 + height * step:step, x0:x0 + width * step:step, :])


def synthetic(width, height, seed):
    """Saturated gradients, hard edges and noise: exercises clamping in the IDCT and colour conversion."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / max(width - 1, 1)
    g = 255 * y / max(height - 1, 1)
    b = 127.5 + 127.5 * np.sin(x / 3.0 + y / 5.0)
    img = np.stack([r, g, b], axis=2)
    img[(x - width / 2) ** 2 + (y - height / 2) ** 2 < (min(width, height) / 3) ** 2] = (255, 0, 40)
    img[: height // 4, : width // 3] = (0, 0, 255)
    img += rng.normal(0, 12, img.shape)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- a small encoder

ZIGZAG = sorted(((u, v) for u in range(8) for v in range(8)),
                key=lambda p: (p[0] + p[1], p[1] if (p[0] + p[1]) % 2 == 0 else p[0]))


def segments(data):
    """(marker, payload) pairs of the header segments up to the first SOS."""
    pos, out = 2, []
    while pos < len(data):
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        out.append((marker, data[pos + 4:pos + 2 + length]))
        if marker == 0xDA:
            break
        pos += 2 + length
    return out


def standard_tables():
    """Quantisation (quality 75) and Huffman tables from a file PIL writes without optimisation."""
    buf = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buf, "JPEG", quality=75)
    qt, ht = {}, {}
    for marker, p in segments(buf.getvalue()):
        if marker == 0xDB:
            i = 0
            while i < len(p):
                qt[p[i] & 15] = list(p[i + 1:i + 65])
                i += 65
        elif marker == 0xC4:
            i = 0
            while i < len(p):
                tc_th, bits = p[i], list(p[i + 1:i + 17])
                vals = list(p[i + 17:i + 17 + sum(bits)])
                ht[(tc_th >> 4, tc_th & 15)] = (bits, vals)
                i += 17 + sum(bits)
    return qt, ht


def huffman_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def write(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)
                self.acc, self.n = 0, 0

    def flush(self):
        if self.n:
            self.write((1 << (8 - self.n)) - 1, 8 - self.n)


def dct_matrix():
    c = np.zeros((8, 8))
    for u in range(8):
        for x in range(8):
            c[u, x] = (math.sqrt(0.125) if u == 0 else 0.5) * math.cos((2 * x + 1) * u * math.pi / 16)
    return c


def magnitude(value):
    size = int(abs(value)).bit_length()
    return size, (value if value >= 0 else value + (1 << size) - 1)


def encode_block(writer, block, q, pred, dc_codes, ac_codes, band=(0, 63)):
    """Codes the coefficients band[0]..band[1] of one block (a progressive first scan with Al = 0
    codes its band exactly like the sequential process, with EOB ending the band of this block)."""
    c = dct_matrix()
    coef = c @ (block.astype(np.float64) - 128) @ c.T
    zz = [int(round(coef[u, v] / q[i])) for i, (u, v) in enumerate(ZIGZAG)]
    if band[0] == 0:
        diff = zz[0] - pred
        size, bits = magnitude(diff)
        writer.write(*dc_codes[size])
        writer.write(bits, size)
    run = 0
    for k in range(max(1, band[0]), band[1] + 1):
        if zz[k] == 0:
            run += 1
            continue
        while run > 15:
            writer.write(*ac_codes[0xF0])
            run -= 16
        size, bits = magnitude(zz[k])
        writer.write(*ac_codes[(run << 4) | size])
        writer.write(bits, size)
        run = 0
    if run:
        writer.write(*ac_codes[0x00])
    return zz[0]


def encode(planes, factors, ids=None, restart=0, interleaved=True, app=(), jfif=True, progressive=False):
    """JPEG of full-resolution planes (H x W uint8) with the given (h, v) sampling factors: baseline, or
    progressive by spectral selection only (an interleaved DC scan, then one AC scan per component)."""
    qt, ht = standard_tables()
    height, width = planes[0].shape
    ncomp = len(planes)
    ids = ids or list(range(1, ncomp + 1))
    hmax, vmax = max(f[0] for f in factors), max(f[1] for f in factors)
    mcux, mcuy = -(-width // (8 * hmax)), -(-height // (8 * vmax))
    comps = []
    for i, (plane, (h, v)) in enumerate(zip(planes, factors)):
        sx, sy = hmax // h, vmax // v
        padded = np.pad(plane.astype(np.float64),
                        ((0, mcuy * 8 * vmax - height), (0, mcux * 8 * hmax - width)), mode="edge")
        small = padded.reshape(padded.shape[0] // sy, sy, padded.shape[1] // sx, sx).mean(axis=(1, 3))
        cw, ch = -(-width * h // hmax), -(-height * v // vmax)
        small = np.pad(small[:ch, :cw], ((0, small.shape[0] - ch), (0, small.shape[1] - cw)), mode="edge")
        table = 0 if i == 0 else 1
        comps.append(dict(id=ids[i], h=h, v=v, tq=table, data=np.clip(np.round(small), 0, 255),
                          cw=cw, ch=ch, dc=huffman_codes(*ht[(0, table)]), ac=huffman_codes(*ht[(1, table)])))

    out = bytearray(b"\xFF\xD8")

    def segment(marker, payload):
        out.extend(struct.pack(">BBH", 0xFF, marker, len(payload) + 2))
        out.extend(payload)

    if jfif:
        segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    for marker, payload in app:
        segment(marker, payload)
    for t in sorted({c["tq"] for c in comps}):
        segment(0xDB, bytes([t]) + bytes(qt[t]))
    sof = struct.pack(">BHHB", 8, height, width, ncomp)
    for c in comps:
        sof += bytes([c["id"], (c["h"] << 4) | c["v"], c["tq"]])
    segment(0xC2 if progressive else 0xC0, sof)
    for (tc, th), (bits, vals) in sorted(ht.items()):
        segment(0xC4, bytes([(tc << 4) | th]) + bytes(bits) + bytes(vals))
    if restart:
        segment(0xDD, struct.pack(">H", restart))

    def scan(members, units, band=(0, 63)):
        payload = bytes([len(members)])
        for c in members:
            payload += bytes([c["id"], (c["tq"] << 4) | c["tq"]])
        segment(0xDA, payload + bytes([band[0], band[1], 0]))
        writer = BitWriter()
        preds = [0] * len(members)
        for n, unit in enumerate(units):
            if restart and n and n % restart == 0:
                writer.flush()
                writer.out.extend(b"\xFF" + bytes([0xD0 + (n // restart - 1) % 8]))
                preds = [0] * len(members)
            for m, by, bx in unit:
                c = members[m]
                block = c["data"][by * 8:by * 8 + 8, bx * 8:bx * 8 + 8]
                q = qt[c["tq"]]
                preds[m] = encode_block(writer, block, q, preds[m], c["dc"], c["ac"], band)
        writer.flush()
        out.extend(writer.out)

    def component_units(c):
        bw, bh = -(-c["cw"] // 8), -(-c["ch"] // 8)
        return [[(0, by, bx)] for by in range(bh) for bx in range(bw)]

    mcus = []
    for my in range(mcuy):
        for mx in range(mcux):
            mcus.append([(m, my * c["v"] + y, mx * c["h"] + x)
                         for m, c in enumerate(comps) for y in range(c["v"]) for x in range(c["h"])])
    if progressive:
        scan(comps, mcus, (0, 0))
        for c in comps:
            scan([c], component_units(c), (1, 63))
    elif interleaved:
        scan(comps, mcus)
    else:
        for c in comps:
            scan([c], component_units(c))
    out.extend(b"\xFF\xD9")
    return bytes(out)


def to_ycbcr(rgb):
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
    cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
    return [np.clip(np.round(p), 0, 255) for p in (y, cb, cr)]


# ---------------------------------------------------------------- fixtures

manifest = []


def emit(name, data, description, apply_exif=False, reference_name=None):
    """Writes `name.jpg` and the pixels PIL decodes from it (transposed per EXIF when asked)."""
    with open(os.path.join(OUT, name + ".jpg"), "wb") as f:
        f.write(data)
    im = Image.open(io.BytesIO(data))
    im.load()
    if apply_exif:
        im = ImageOps.exif_transpose(im)
    pixels = np.asarray(im)
    channels = 1 if pixels.ndim == 2 else pixels.shape[2]
    reference = reference_name or name
    with open(os.path.join(OUT, reference + ".raw"), "wb") as f:
        f.write(np.ascontiguousarray(pixels).tobytes())
    manifest.append(dict(file=name + ".jpg", reference=reference + ".raw", width=im.width, height=im.height,
                         channels=channels, applyExifOrientation=apply_exif, description=description))


def pil(image, **options):
    buf = io.BytesIO()
    image.save(buf, "JPEG", **options)
    return buf.getvalue()


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith((".jpg", ".raw")):
            os.remove(os.path.join(OUT, f))

    small = Image.fromarray(photo(37, 29, 200, 400, 5))
    medium = Image.fromarray(photo(64, 48, 100, 300, 6))
    sat = Image.fromarray(synthetic(33, 17, 1))
    tiny = Image.fromarray(photo(16, 16, 300, 500, 3))

    emit("baseline_444_q75_37x29", pil(small, quality=75, subsampling=0), "baseline 4:4:4 quality 75")
    emit("baseline_422_q75_37x29", pil(small, quality=75, subsampling=1), "baseline 4:2:2 quality 75")
    emit("baseline_420_q75_37x29", pil(small, quality=75, subsampling=2), "baseline 4:2:0 quality 75")
    emit("baseline_420_q50_64x48", pil(medium, quality=50, subsampling=2), "baseline 4:2:0 quality 50")
    emit("baseline_420_q95_64x48", pil(medium, quality=95, subsampling=2), "baseline 4:2:0 quality 95")
    emit("baseline_444_q95_16x16", pil(tiny, quality=95, subsampling=0), "baseline 4:4:4 quality 95")
    emit("baseline_420_q90_33x17_saturated", pil(sat, quality=90, subsampling=2), "saturated colours, 4:2:0")
    emit("baseline_422_q75_33x17_saturated", pil(sat, quality=75, subsampling=1), "saturated colours, 4:2:2")
    emit("gray_q75_37x29", pil(small.convert("L"), quality=75), "grayscale baseline")
    emit("gray_q95_1x1", pil(Image.new("L", (1, 1), 77), quality=95), "1x1 grayscale")
    emit("rgb_420_1x1", pil(Image.new("RGB", (1, 1), (200, 30, 90)), quality=90), "1x1 colour 4:2:0")
    for w, h, sub in ((4, 3, 2), (5, 5, 2), (3, 2, 1), (2, 9, 2)):
        im = Image.fromarray(synthetic(w, h, w * 10 + h))
        emit(f"baseline_{('444', '422', '420')[sub]}_q90_{w}x{h}", pil(im, quality=90, subsampling=sub),
             "narrow image: chroma of at most 2 columns is upsampled by replication, 3 or more by the triangle filter")
    emit("optimized_420_q85_64x48", pil(medium, quality=85, optimize=True), "optimised Huffman tables")
    emit("progressive_420_q75_64x48", pil(medium, quality=75, progressive=True), "progressive 4:2:0")
    emit("progressive_444_q90_37x29", pil(small, quality=90, subsampling=0, progressive=True),
         "progressive 4:4:4")
    emit("progressive_422_q80_33x17_optimized", pil(sat, quality=80, subsampling=1, progressive=True,
                                                    optimize=True), "progressive 4:2:2, optimised tables")
    emit("progressive_gray_q75_37x29", pil(small.convert("L"), quality=75, progressive=True),
         "progressive grayscale")

    ycc = to_ycbcr(np.asarray(small))
    ycc_sat = to_ycbcr(np.asarray(sat))
    emit("restart_420_ri3_37x29", encode(ycc, [(2, 2), (1, 1), (1, 1)], restart=3),
         "crafted: 4:2:0 with a restart marker every 3 MCUs")
    emit("restart_444_ri1_33x17", encode(ycc_sat, [(1, 1), (1, 1), (1, 1)], restart=1),
         "crafted: 4:4:4 with a restart marker after every MCU")
    emit("restart_gray_ri5_37x29", encode([ycc[0]], [(1, 1)], restart=5), "crafted: grayscale, restart every 5")
    emit("noninterleaved_420_ri4_37x29", encode(ycc, [(2, 2), (1, 1), (1, 1)], restart=4, interleaved=False),
         "crafted: one scan per component (4:2:0), restart every 4 blocks")
    emit("progressive_restart_420_ri2_37x29", encode(ycc, [(2, 2), (1, 1), (1, 1)], restart=2, progressive=True),
         "crafted: progressive (spectral selection) 4:2:0 with a restart marker every 2 MCUs / blocks")
    emit("crafted_440_37x29", encode(ycc, [(1, 2), (1, 1), (1, 1)]), "crafted: 4:4:0 (chroma halved vertically)")
    emit("crafted_411_37x29", encode(ycc, [(4, 1), (1, 1), (1, 1)]), "crafted: 4:1:1 (chroma quartered)")
    emit("crafted_mixed_33x17", encode(ycc_sat, [(2, 2), (2, 1), (1, 2)]), "crafted: Cb 2x1, Cr 1x2 in a 2x2 frame")
    rgb_planes = [np.asarray(small)[..., i] for i in range(3)]
    emit("adobe_rgb_37x29", encode(rgb_planes, [(1, 1)] * 3, jfif=False,
                                   app=[(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x00")]),
         "crafted: Adobe APP14 transform 0 (RGB stored untransformed)")
    emit("ids_rgb_37x29", encode(rgb_planes, [(1, 1)] * 3, ids=[ord("R"), ord("G"), ord("B")], jfif=False),
         "crafted: component ids 'R','G','B' without JFIF or Adobe (RGB)")

    oriented = Image.fromarray(photo(20, 12, 250, 450, 4))
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        data = pil(oriented, quality=90, subsampling=0, exif=exif.tobytes())
        name = f"exif_orientation{orientation}_20x12"
        emit(name, data, f"EXIF orientation {orientation}, ignored by default")
        emit(name, data, f"EXIF orientation {orientation}, applied", apply_exif=True,
             reference_name=name + ".oriented")

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"{len(manifest)} cases, {total} bytes in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
