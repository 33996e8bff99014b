using System.Numerics;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Fid;

/// <summary>
/// Eigenvalues of a general real matrix, as LAPACK's Schur route computes them: Householder reduction to upper
/// Hessenberg form, then Francis double-shift QR sweeps until the quasi-triangular (real Schur) form is reached.
/// Complex eigenvalues come in conjugate pairs from 2×2 blocks.
/// </summary>
/// <remarks>
/// Hessenberg step k applies one reflector from the left (a column-blocked reduction over rows plus row updates,
/// split by column ranges) and from the right (independent rows, split by row ranges); the work split depends only
/// on n. The QR sweeps update only the active window, which is all eigenvalues need; their three-row updates run
/// along contiguous rows with SIMD lanes, the three-column updates are scalar.
/// </remarks>
internal static unsafe partial class GeneralEigen
{
    private const int ColumnChunk = 256;
    private const int RowChunk = 64;

    /// <summary>Eigenvalues of the [n, n] row-major matrix <paramref name="a"/> (overwritten), in no particular order.</summary>
    /// <exception cref="ArithmeticException">The QR iteration did not converge.</exception>
    public static Complex[] Eigenvalues(double[] a, int n)
    {
        if (a.LongLength < (long)n * n)
        {
            throw new ArgumentException($"A [{n}, {n}] matrix needs {(long)n * n} values, got {a.LongLength}.", nameof(a));
        }

        ReduceToHessenberg(a, n);
        return HessenbergEigenvalues(a, n);
    }

    /// <summary>Overwrites <paramref name="a"/> with an upper Hessenberg matrix similar to it (entries below the first subdiagonal zeroed).</summary>
    internal static void ReduceToHessenberg(double[] a, int n)
    {
        double* v = (double*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, n) * sizeof(double)), 64);
        double* w = (double*)NativeMemory.AlignedAlloc((nuint)(Math.Max(1, n) * sizeof(double)), 64);
        try
        {
            fixed (double* pa = a)
            {
                for (int k = 0; k < n - 2; k++)
                {
                    ReduceColumn(pa, n, k, v, w);
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(w);
            NativeMemory.AlignedFree(v);
        }
    }

    private static void ReduceColumn(double* a, int n, int k, double* v, double* w)
    {
        int m = n - k - 1;
        double alpha = a[((long)(k + 1) * n) + k];
        double tail = 0;
        for (int r = 1; r < m; r++)
        {
            double x = a[((long)(k + 1 + r) * n) + k];
            tail += x * x;
        }

        if (tail == 0)
        {
            return;
        }

        double beta = -Math.CopySign(Math.Sqrt((alpha * alpha) + tail), alpha);
        double tau = (beta - alpha) / beta;
        double scale = 1 / (alpha - beta);
        v[0] = 1;
        for (int r = 1; r < m; r++)
        {
            v[r] = a[((long)(k + 1 + r) * n) + k] * scale;
        }

        // Left: rows k+1..n−1, columns k..n−1 get (I − τ v vᵀ)·A; column k becomes (β, 0, ..., 0).
        nint pa = (nint)a, pv = (nint)v, pw = (nint)w;
        int columns = n - k;
        ParallelWork.ForChunks(columns, ColumnChunk, (c0, c1) =>
        {
            double* mat = (double*)pa, vs = (double*)pv, ws = (double*)pw;
            int width = c1 - c0;
            new Span<double>(ws + c0, width).Clear();
            for (int r = 0; r < m; r++)
            {
                VectorOps.Axpy(vs[r], mat + ((long)(k + 1 + r) * n) + k + c0, ws + c0, width);
            }

            for (int r = 0; r < m; r++)
            {
                VectorOps.Axpy(-tau * vs[r], ws + c0, mat + ((long)(k + 1 + r) * n) + k + c0, width);
            }
        });

        a[((long)(k + 1) * n) + k] = beta;
        for (int r = 1; r < m; r++)
        {
            a[((long)(k + 1 + r) * n) + k] = 0;
        }

        // Right: every row i, columns k+1..n−1 get A·(I − τ v vᵀ).
        ParallelWork.ForChunks(n, RowChunk, (r0, r1) =>
        {
            double* mat = (double*)pa, vs = (double*)pv;
            for (int i = r0; i < r1; i++)
            {
                double* row = mat + ((long)i * n) + k + 1;
                VectorOps.Axpy(-tau * VectorOps.Dot(row, vs, m), vs, row, m);
            }
        });
    }
}
