#!/usr/bin/python3
"""numpy/scipy timings to set beside `dotnet run -c Release --project benchmarks/Dcgan.Net.Benchmarks -- frechet|covariance`.

Run in the same sitting:  /usr/bin/python3 tools/bench_scipy_fid.py [--dims 2048] [--n 10000] [--runs 3]

* covariance: pytorch-fid's statistics of n float32 features (stored as float64, np.mean + np.cov(rowvar=False)).
* frechet sqrtm: pytorch-fid's calculate_frechet_distance (scipy.linalg.sqrtm of sigma1 @ sigma2).
* frechet eigh: the symmetric form tr sqrt(sqrt(S1) S2 sqrt(S1)) with np.linalg.eigh / eigvalsh.
The statistics are random SPD matrices built like the C# benchmark (A A^T / 2d + 0.01 I, A uniform [d, 2d]);
numpy's generator differs from .NET's, so the distances differ, the work does not.
Each line prints the median of the runs in seconds.
"""
import argparse
import time

import numpy as np
import scipy
import scipy.linalg


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def spd(rng, d):
    a = rng.random((d, 2 * d)) - 0.5
    s = a @ a.T / (2 * d)
    return (s + s.T) / 2 + 0.01 * np.eye(d)


def fid_sqrtm(mu1, s1, mu2, s2):
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    covmean = covmean.real
    diff = mu1 - mu2
    return diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)


def fid_eigh(mu1, s1, mu2, s2):
    w, v = np.linalg.eigh(s1)
    root = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = root @ s2 @ root
    ev = np.linalg.eigvalsh((m + m.T) / 2)
    diff = mu1 - mu2
    return diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(ev, 0, None)).sum()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dims", type=int, default=2048)
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("numpy", np.__version__, "scipy", scipy.__version__)
    rng = np.random.default_rng(1)

    features = rng.random((args.n, args.dims), dtype=np.float32)

    def statistics():
        act = np.empty((args.n, args.dims))
        act[:] = features
        return np.mean(act, axis=0), np.cov(act, rowvar=False)

    print(f"covariance n={args.n} d={args.dims}: seconds {median_time(statistics, args.runs):.3f}")

    mu1, mu2 = rng.random(args.dims), rng.random(args.dims)
    s1, s2 = spd(rng, args.dims), spd(rng, args.dims)
    print(f"frechet sqrtm d={args.dims}: seconds {median_time(lambda: fid_sqrtm(mu1, s1, mu2, s2), args.runs):.3f}")
    print(f"frechet eigh d={args.dims}: seconds {median_time(lambda: fid_eigh(mu1, s1, mu2, s2), args.runs):.3f}")


if __name__ == "__main__":
    main()
