#!/usr/bin/python3
"""Generates the fixture of the FID command line's number format: how pytorch-fid prints its score.

Run with Debian's python (numpy 1.24):  /usr/bin/python3 tools/make_fid_cli_fixtures.py
Output: tests/Dcgan.Net.Tests/Fixtures/Fid/CommandLine/float_repr.json (about 40 KB).

pytorch-fid ends with `print("FID: ", fid_value)`, where fid_value is the numpy.float64 returned by
calculate_frechet_distance, so the line is "FID:  " + str(numpy.float64(value)). Each entry holds a value's
IEEE-754 bits (16 hex digits, big-endian, so no decimal parsing is involved) and that exact line. The values
are edge cases (zero, signed zero, the fixed/scientific switches at 1e-4 and 1e16, the extremes, non-finite
values) and seeded random doubles spread over 10^-12 to 10^20, the range FIDs and KIDs take and beyond.
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Dcgan.Net.Tests", "Fixtures", "Fid",
                   "CommandLine", "float_repr.json")

EDGES = [
    0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 2 / 3, 10.0, 100.0, 123.456, 1e-4, 9.999999999999999e-05, 1.0000000000000002e-4,
    1e-5, 1.5e-7, 1e15, 1e16, 9999999999999998.0, 1234567890123456.0, 12345678901234567.0, 1e17, 1e22, 1e100,
    5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -2.2737367544323206e-13, 0.5, 0.25, 1024.0,
    float("nan"), float("inf"), float("-inf"),
]


def line(value):
    return "FID:  " + str(np.float64(value))


def main():
    rng = np.random.default_rng(20260101)
    values = list(EDGES)
    values += list(10.0 ** rng.uniform(-12, 20, size=300))
    values += list(-(10.0 ** rng.uniform(-12, 4, size=40)))
    values += [float(np.round(v, int(k))) for v, k in zip(rng.uniform(0, 500, size=60), rng.integers(0, 6, size=60))]
    entries = [{"bits": struct.pack(">d", float(v)).hex(), "line": line(v)} for v in values]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"numpy": np.__version__, "entries": entries}, f, indent=0)
        f.write("\n")
    print(f"{len(entries)} values -> {OUT}")


if __name__ == "__main__":
    main()
