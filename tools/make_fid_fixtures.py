#!/usr/bin/python3
"""Generates the fixtures of the NumPy I/O, feature-statistics, Fréchet-distance and KID tests.

Run with Debian's python (numpy 1.24, scipy 1.10):  /usr/bin/python3 tools/make_fid_fixtures.py
Output: tests/Dcgan.Net.Tests/Fixtures/Fid/ (about 150 KB).

Feature sets are not stored: both this script and the C# tests regenerate them from the formula in
`features()` below, which is exact in float64 (every term is a dyadic rational with few bits, so no sum
rounds and the order of summation does not matter) and then rounded once to float32 (round to nearest even).

    h(seed, stream, i) = splitmix64((seed << 40) | (stream << 36) | i)       (one 64-bit mix, no state)
    u_b(key)           = (h >> (64 - b)) / 2^b - 1/2                          (b-bit uniform on [-1/2, 1/2))
    z[n, k] = u_20(h(sample_seed, 0, n*16 + k))                                16 latent factors
    w[k, j] = u_8(h(loading_seed, 2, k*d + j))                                 loadings
    e[n, j] = u_20(h(sample_seed, 1, n*d + j))                                 noise
    x[n, j] = float32( sum_k z[n,k] * 2^-(k//4) * w[k,j] + noise * e[n,j] + (j % 7)/8 + shift*[j % 3 == 0] )

KID subsets use our documented sampler (Dcgan.Net.Fid.SubsetSampler): a SplitMix64 generator
(state += 0x9E3779B97F4A7C15, then the splitmix64 mix) and, per subset, a partial Fisher-Yates shuffle of
0..n-1 (j = i + next() % (n - i)), first over the first set, then over the second. The indices are stored too.
"""
import io
import json
import os
import zipfile

import numpy as np
import scipy
import scipy.linalg

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "Dcgan.Net.Tests", "Fixtures", "Fid")
GOLDEN = 0x9E3779B97F4A7C15
MASK = (1 << 64) - 1


def splitmix64(x):
    """The splitmix64 finaliser on uint64 arrays (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def uniform(seed, stream, index, bits):
    keys = (np.uint64(seed) << np.uint64(40)) | (np.uint64(stream) << np.uint64(36)) | index.astype(np.uint64)
    return (splitmix64(keys) >> np.uint64(64 - bits)).astype(np.float64) / float(1 << bits) - 0.5


def features(sample_seed, loading_seed, n, d, shift, noise):
    k = 16
    z = uniform(sample_seed, 0, np.arange(n * k), 20).reshape(n, k) * (2.0 ** -(np.arange(k) // 4))
    w = uniform(loading_seed, 2, np.arange(k * d), 8).reshape(k, d)
    e = uniform(sample_seed, 1, np.arange(n * d), 20).reshape(n, d)
    j = np.arange(d)
    offset = (j % 7) / 8.0 + shift * (j % 3 == 0)
    return (z @ w + noise * e + offset).astype(np.float32)


class Sampler:
    """Dcgan.Net.Fid.SubsetSampler in Python."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + GOLDEN) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def subset(self, n, m):
        perm = list(range(n))
        for i in range(m):
            j = i + self.next() % (n - i)
            perm[i], perm[j] = perm[j], perm[i]
        return perm[:m]


def fid_pytorch(mu1, s1, mu2, s2, eps=1e-6):
    """pytorch-fid's calculate_frechet_distance (inception-fid spec section 5.2), with its diagnostics."""
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    used_eps = 0.0
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
        used_eps = eps
    max_imag = 0.0
    if np.iscomplexobj(covmean):
        max_imag = float(np.max(np.abs(np.diagonal(covmean).imag)))
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)), used_eps, max_imag


def fid_symmetric(mu1, s1, mu2, s2):
    """tr sqrt(sqrt(S1) S2 sqrt(S1)) with symmetric eigen-decompositions, negative eigenvalues clipped."""
    w, v = np.linalg.eigh(s1)
    root = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = root @ s2 @ root
    ev = np.linalg.eigvalsh((m + m.T) / 2)
    diff = mu1 - mu2
    fid = diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(ev, 0, None)).sum()
    return float(fid), float(np.clip(-ev, 0, None).sum())


def stats(x):
    x64 = x.astype(np.float64)
    return np.mean(x64, axis=0), np.cov(x64, rowvar=False)


def kid(x, y, subsets, degree=3, coef0=1.0):
    """Unbiased MMD^2 with the polynomial kernel (x.y/d + coef0)^degree per subset, as torch-fidelity, in float64."""
    values = []
    for ix, iy in subsets:
        a = x[ix].astype(np.float64)
        b = y[iy].astype(np.float64)
        d = a.shape[1]
        kxx = (a @ a.T / d + coef0) ** degree
        kyy = (b @ b.T / d + coef0) ** degree
        kxy = (a @ b.T / d + coef0) ** degree
        m = a.shape[0]
        value = (kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.sum() / (m * m)
        values.append(float(value))
    return values


def case(name, a_params, b_params, d):
    x = features(*a_params[:2], a_params[2], d, *a_params[3:])
    y = features(*b_params[:2], b_params[2], d, *b_params[3:])
    mu1, s1 = stats(x)
    mu2, s2 = stats(y)
    fid_a, eps, imag = fid_pytorch(mu1, s1, mu2, s2)
    fid_b, neg = fid_symmetric(mu1, s1, mu2, s2)
    print(f"{name}: pytorch-fid {fid_a!r} (eps {eps}, max imag {imag:.3g}), symmetric {fid_b!r} (negative mass {neg:.3g})")
    params = lambda p: dict(sample_seed=p[0], loading_seed=p[1], n=p[2], shift=p[3], noise=p[4])
    checks = lambda mu, s: dict(
        mu_sum=float(mu.sum()), mu_first=float(mu[0]), mu_last=float(mu[-1]), sigma_trace=float(np.trace(s)),
        sigma_sum=float(s.sum()), sigma_0_0=float(s[0, 0]), sigma_5_17=float(s[5, 17 % d]), sigma_frobenius=float(np.linalg.norm(s)))
    result = dict(name=name, dims=d, a=params(a_params), b=params(b_params), a_checks=checks(mu1, s1), b_checks=checks(mu2, s2),
                  fid_pytorch=fid_a, pytorch_eps=eps, pytorch_max_imag=imag, fid_symmetric=fid_b, symmetric_negative_mass=neg)
    return result, x, y, (mu1, s1)


def json_number(v):
    """Finite values as JSON numbers; infinities and NaN as the strings "inf", "-inf", "nan" (JSON has no literal)."""
    v = float(v)
    return v if np.isfinite(v) else str(v)


def write_npy_fixtures(folder):
    os.makedirs(folder, exist_ok=True)
    manifest = {}

    def save(name, array, writer=np.save):
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            writer(f, array)
        fortran = array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous
        manifest[name] = dict(descr=array.dtype.str, shape=list(array.shape), fortran=fortran,
                              values=[json_number(v) for v in np.ravel(array, order="C")])

    save("f4_2x3.npy", np.array([[1.5, -2.25, 3e-8], [np.inf, -0.0, 65504.0]], dtype="<f4"))
    save("f8_5.npy", np.array([np.pi, -np.e, 1e-300, 1e300, 0.1], dtype="<f8"))
    save("u1_2x2x2.npy", np.arange(250, 258, dtype=np.int64).astype(np.uint8).reshape(2, 2, 2))
    save("i4_3.npy", np.array([-2147483648, 0, 2147483647], dtype="<i4"))
    save("i8_scalar.npy", np.array(-1234567890123, dtype="<i8"))
    save("b1_4.npy", np.array([True, False, False, True]))
    save("f2_3.npy", np.array([0.5, -1.0, 65504.0], dtype="<f2"))
    save("f4_0x3.npy", np.zeros((0, 3), dtype="<f4"))
    save("be_f8_2x3.npy", np.arange(6, dtype=">f8").reshape(2, 3) / 4)
    save("be_i4_3.npy", np.array([1, -2, 300000], dtype=">i4"))
    save("fortran_f8_3x4.npy", np.asfortranarray(np.arange(12, dtype="<f8").reshape(3, 4)))
    save("fortran_i4_2x3x4.npy", np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 3, 4)))
    for version in [(2, 0), (3, 0)]:
        name = f"v{version[0]}_f4_2x2.npy"
        array = np.array([[1, 2], [3, 4]], dtype="<f4")
        save(name, array, writer=lambda f, a, version=version: np.lib.format.write_array(f, a, version=version))
        manifest[name]["version"] = list(version)

    arrays = dict(mu=np.linspace(-1, 1, 7), counts=np.arange(6, dtype="<i8").reshape(2, 3))
    np.savez(os.path.join(folder, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(folder, "deflated.npz"), **arrays)
    manifest["npz"] = {k: dict(descr=v.dtype.str, shape=list(v.shape), values=[float(t) for t in v.ravel()]) for k, v in arrays.items()}
    with zipfile.ZipFile(os.path.join(folder, "deflated.npz")) as z:
        manifest["npz_methods"] = {i.filename: i.compress_type for i in z.infolist()}

    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


def main():
    print("numpy", np.__version__, "scipy", scipy.__version__)
    os.makedirs(OUT, exist_ok=True)
    write_npy_fixtures(os.path.join(OUT, "npy"))

    cases = []
    small, xs, ys, (mu, sigma) = case("small", (1, 7, 500, 0.0, 0.25), (2, 7, 400, 0.0625, 0.375), 64)
    cases.append(small)
    np.savez_compressed(os.path.join(OUT, "stats_small_a.npz"), mu=mu, sigma=sigma)
    cases.append(case("small_rank_deficient", (5, 7, 40, 0.0, 0.25), (6, 7, 50, 0.0625, 0.375), 64)[0])
    cases.append(case("medium_rank_deficient", (13, 7, 150, 0.0, 0.25), (14, 7, 200, 0.0625, 0.375), 256)[0])
    large, xl, yl, _ = case("large", (3, 9, 3000, 0.0, 0.25), (4, 9, 3000, 0.0625, 0.375), 2048)
    cases.append(large)
    cases.append(case("large_rank_deficient", (11, 9, 1000, 0.0, 0.25), (12, 9, 1200, 0.0625, 0.375), 2048)[0])

    kids = []
    for name, x, y, count, size, seed in [("small", xs, ys, 20, 100, 2020), ("large", xl, yl, 4, 1000, 7)]:
        sampler = Sampler(seed)
        subsets = [(sampler.subset(len(x), size), sampler.subset(len(y), size)) for _ in range(count)]
        values = kid(x, y, subsets)
        np.save(os.path.join(OUT, f"kid_{name}_indices.npy"), np.array(subsets, dtype="<i2"))
        kids.append(dict(name=name, subsets=count, subset_size=size, seed=seed, values=values,
                         mean=float(np.mean(values)), std=float(np.std(values))))
        print(f"kid {name}: mean {np.mean(values)!r} std {np.std(values)!r}")

    with open(os.path.join(OUT, "fid_reference.json"), "w") as f:
        json.dump(dict(numpy=np.__version__, scipy=scipy.__version__, cases=cases, kid=kids), f, indent=1)


if __name__ == "__main__":
    main()
