"""Times numpy's float32 matrix product (OpenBLAS on Debian) as the SGEMM reference.

Run with Debian's python:  /usr/bin/python3 tools/bench_openblas_gemm.py [--size 2048] [--threads 2] [--reps 7]
Prints which BLAS numpy is linked against, each repetition, and last a line `gflops X` (the median).
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set in the environment, make OpenBLAS pick a slower
kernel; they are removed here (before numpy loads) so the reference runs at its best.
"""

import argparse
import io
import os
import statistics
import sys
import time
from contextlib import redirect_stdout


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2048, help="m = n = k (default 2048)")
    parser.add_argument("--threads", type=int, default=2, help="BLAS threads (default 2)")
    parser.add_argument("--reps", type=int, default=7, help="timed repetitions (default 7)")
    return parser.parse_args()


def blas_description(numpy):
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        numpy.show_config()
    lines = [line.strip() for line in buffer.getvalue().splitlines()]
    picked = [line for line in lines if "blas" in line.lower() and ("libraries" in line or "name" in line)]
    return "; ".join(picked) if picked else "unknown"


def main():
    args = parse_args()
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        os.environ.pop(name, None)
    threads = str(args.threads)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = threads

    import numpy  # imported after the environment is set: OpenBLAS reads it when it loads

    print(f"numpy {numpy.__version__}; BLAS: {blas_description(numpy)}")
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            print(f"threadpool: {pool.get('internal_api')} {pool.get('version')} "
                  f"threads={pool.get('num_threads')} core={pool.get('architecture')}")
    except ImportError:
        print("threadpoolctl not installed; thread count set through OPENBLAS_NUM_THREADS")

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
        print(f"rep {rep}: {seconds * 1e3:.1f} ms  {rates[-1]:.1f} GFLOP/s")

    print(f"gflops {statistics.median(rates):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
