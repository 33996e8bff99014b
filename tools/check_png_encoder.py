#!/usr/bin/python3
"""Checks that PIL decodes every PNG written by Dcgan.Net's PngEncoder to the samples it was given.

    dotnet run -c Release --project benchmarks/Dcgan.Net.Benchmarks -- pngdecode --count 10 --repeat 1 --write /tmp/pngbench
    /usr/bin/python3 tools/check_png_encoder.py /tmp/pngbench/check

Each <filter>_<W>x<H>x<C>x<D>.png has a .raw sidecar with the encoder's input (interleaved samples,
16-bit little-endian). PIL keeps 16-bit gray ("I;16"/"I"), and reduces other 16-bit formats to their high
byte (16-bit gray+alpha opens as RGBA), which is what is compared for them.
"""
import glob
import os
import sys

import numpy as np
from PIL import Image


def main(folder):
    paths = sorted(glob.glob(os.path.join(folder, "*.png")))
    assert paths, f"no PNG files in {folder}"
    for path in paths:
        w, h, c, d = (int(v) for v in os.path.basename(path)[:-4].split("_")[1].split("x"))
        raw = np.fromfile(path[:-4] + ".raw", dtype="<u2" if d == 16 else np.uint8).astype(np.int64).reshape(h, w, c)
        im = Image.open(path)
        im.load()
        got = np.asarray(im, dtype=np.int64).reshape(h, w, -1)
        if d == 16 and c == 1:
            expected = raw
        elif d == 16:
            expected = raw >> 8
            if c == 2:
                got = got[..., [0, 3]]
        else:
            expected = raw
        assert got.shape == expected.shape and (got == expected).all(), f"{path}: PIL mode {im.mode} differs"
    print(f"PIL decoded all {len(paths)} encoder samples to the expected samples")


if __name__ == "__main__":
    main(sys.argv[1])
