"""Times numpy's float32 matrix product (OpenBLAS on Debian) as the SGEMM reference.

Run with Debian's python:
    /usr/bin/python3 tools/bench_openblas_gemm.py [--size 2048] [--threads 2] [--reps 7] [--coretype NAME]
Prints which BLAS numpy is linked against and which OpenBLAS kernel ran, each repetition, and last a line
`gflops X` (the median of the repetitions, for the fastest kernel tried).

OPENBLAS_L2_SIZE and OPENBLAS_CORETYPE from the environment are dropped: they can force a slower kernel.
OpenBLAS 0.3.21 (Debian 12) does not recognise every recent CPU: on an Emerald Rapids Xeon (model 0xCF) its
autodetection falls back to the SSE3 "Prescott" kernel, about ten times slower than its AVX-512 kernels.
Unless --coretype is given, the benchmark therefore runs the autodetected kernel and the AVX-512 kernels
(SkylakeX, Cooperlake), each in a fresh process (OpenBLAS reads its settings when it loads), and reports the
fastest, so the reference is OpenBLAS at its best on this machine.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from contextlib import redirect_stdout

AVX512_CORES = ("SkylakeX", "Cooperlake")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2048, help="m = n = k (default 2048)")
    parser.add_argument("--threads", type=int, default=2, help="BLAS threads (default 2)")
    parser.add_argument("--reps", type=int, default=7, help="timed repetitions (default 7)")
    parser.add_argument("--coretype", default=None,
                        help="OpenBLAS kernel to force (default: autodetected, SkylakeX and Cooperlake)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def blas_description(numpy):
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        numpy.show_config()
    lines = [line.strip() for line in buffer.getvalue().splitlines()]
    picked = sorted({line for line in lines if "blas" in line.lower() and "libraries" in line})
    return "; ".join(picked) if picked else "unknown"


def openblas_core():
    import ctypes

    try:
        library = ctypes.CDLL("libopenblas.so.0")
        library.openblas_get_corename.restype = ctypes.c_char_p
        library.openblas_get_config.restype = ctypes.c_char_p
        return f"{library.openblas_get_corename().decode()} ({library.openblas_get_config().decode()})"
    except (OSError, AttributeError):
        return "unknown (libopenblas.so.0 not loadable)"


def measure(args):
    """Runs in a child process whose environment is already set; prints reps and `median X`."""
    import numpy

    print(f"numpy {numpy.__version__}; {blas_description(numpy)}; OpenBLAS core {openblas_core()}")
    n = args.size
    rng = numpy.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=numpy.float32)
    b = rng.standard_normal((n, n), dtype=numpy.float32)
    c = numpy.empty((n, n), dtype=numpy.float32)
    flops = 2.0 * n * n * n
    for _ in range(2):
        numpy.matmul(a, b, out=c)

    rates = []
    for rep in range(args.reps):
        start = time.perf_counter()
        numpy.matmul(a, b, out=c)
        seconds = time.perf_counter() - start
        rates.append(flops / seconds / 1e9)
        print(f"  rep {rep}: {seconds * 1e3:.1f} ms  {rates[-1]:.1f} GFLOP/s")
    print(f"median {statistics.median(rates):.1f}")
    return 0


def run_child(args, coretype):
    env = dict(os.environ)
    env.pop("OPENBLAS_L2_SIZE", None)
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype is not None:
        env["OPENBLAS_CORETYPE"] = coretype
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        env[name] = str(args.threads)
    command = [sys.executable, os.path.abspath(__file__), "--child",
               "--size", str(args.size), "--threads", str(args.threads), "--reps", str(args.reps)]
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0 and coretype is not None:
        # A forced kernel the CPU cannot run (e.g. an AVX-512 core type on an AVX2-only host) dies with SIGILL.
        print(f"OPENBLAS_CORETYPE={coretype}: failed (exit {completed.returncode}), skipped")
        return None
    completed.check_returncode()
    output = completed.stdout
    print(f"OPENBLAS_CORETYPE={coretype or '(autodetect)'}")
    print(output.rstrip())
    return float(output.strip().splitlines()[-1].split()[1])


def main():
    args = parse_args()
    if args.child:
        return measure(args)

    candidates = [args.coretype] if args.coretype else [None, *AVX512_CORES]
    results = {candidate: run_child(args, candidate) for candidate in candidates}
    results = {candidate: rate for candidate, rate in results.items() if rate is not None}
    best = max(results, key=results.get)
    print(f"size {args.size} threads {args.threads}: fastest kernel {best or '(autodetect)'}")
    print(f"gflops {results[best]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
