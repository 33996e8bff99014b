using System.Runtime.InteropServices;

namespace Dcgan.Net.Fid;

/// <summary>
/// Householder reduction of a symmetric matrix to tridiagonal form, <c>T = Qᵀ A Q</c> with
/// <c>Q = H₀ H₁ ⋯ H_{n−2}</c> and <c>H_k = I − τ_k v_k v_kᵀ</c> acting on indices k+1..n−1 (<c>v_k[k+1] = 1</c>).
/// </summary>
/// <remarks>
/// Blocked like LAPACK's dsytrd/dlatrd: a panel of <see cref="PanelWidth"/> reflectors is built against the lazily
/// updated trailing matrix (one symmetric matrix-vector product per reflector, from upper storage, split into
/// row chunks fixed by the size), then the trailing matrix gets the whole panel at once as the rank-2b update
/// <c>A −= V Wᵀ + W Vᵀ</c>, one <see cref="Dgemm"/> call on the upper triangle. Only the upper triangle of the input
/// is read or maintained. Row chunks and tiles depend only on n, so results do not depend on the thread count.
/// </remarks>
internal static unsafe partial class Tridiagonalization
{
    public const int PanelWidth = 32;

    /// <summary>
    /// Reduces the symmetric matrix in the upper triangle of <paramref name="a"/> [n, n]. On return
    /// <paramref name="d"/> [n] and <paramref name="e"/> [n−1] hold T's diagonal and off-diagonal,
    /// <paramref name="tau"/> [n−1] the τ_k, and row k of <paramref name="a"/> holds v_k[k+1..n−1] in columns k+1..n−1.
    /// </summary>
    public static void Reduce(double[] a, int n, double[] d, double[] e, double[] tau)
    {
        const int nb = PanelWidth;
        double* buffer = (double*)NativeMemory.AlignedAlloc((nuint)(3L * nb * n * sizeof(double)), 64);
        double* y = (double*)NativeMemory.AlignedAlloc((nuint)(n * sizeof(double)), 64);
        double* partial = (double*)NativeMemory.AlignedAlloc((nuint)(SymvChunks(n) * (long)n * sizeof(double)), 64);
        try
        {
            fixed (double* pa = a)
            {
                for (int k0 = 0; k0 < n; k0 += nb)
                {
                    ReducePanel(pa, n, k0, Math.Min(n, k0 + nb), buffer, y, partial, d, e, tau);
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(partial);
            NativeMemory.AlignedFree(y);
            NativeMemory.AlignedFree(buffer);
        }
    }

    /// <summary>
    /// Reduces columns k0..kEnd−1. The buffer holds the panel's column vectors as rows of length n − k0 (index r − k0):
    /// [V; −W; V], so that <c>[V, −W]·[−W, V]ᵀ</c> is one product of two overlapping thirds.
    /// </summary>
    private static void ReducePanel(
        double* a, int n, int k0, int kEnd, double* buffer, double* y, double* partial, double[] d, double[] e, double[] tau)
    {
        const int nb = PanelWidth;
        int ld = n - k0;
        double* v = buffer;
        double* wn = buffer + (nb * ld);
        new Span<double>(buffer, 3 * nb * ld).Clear();
        for (int k = k0; k < kEnd; k++)
        {
            int i = k - k0, offset = k - k0;
            double* row = a + ((long)k * n);

            // Bring row k (columns k..n−1) up to date with this panel's earlier reflectors: A += V(−W)ᵀ + (−W)Vᵀ.
            for (int p = 0; p < i; p++)
            {
                double* vp = v + (p * ld) + offset;
                double* wp = wn + (p * ld) + offset;
                VectorOps.Axpy(vp[0], wp, row + k, n - k);
                VectorOps.Axpy(wp[0], vp, row + k, n - k);
            }

            d[k] = row[k];
            if (k == n - 1)
            {
                break;
            }

            int m = n - k - 1;
            double t = MakeReflector(row + k + 1, m, out e[k]);
            tau[k] = t;
            double* vk = v + (i * ld) + offset + 1;
            new ReadOnlySpan<double>(row + k + 1, m).CopyTo(new Span<double>(vk, m));
            if (t == 0)
            {
                continue;
            }

            // w = τ·(A v) − (τ²/2)(vᵀ A v) v with A the true trailing matrix = stored + V(−W)ᵀ + (−W)Vᵀ.
            SymmetricTimesVector(a + ((long)(k + 1) * n) + k + 1, n, m, vk, y, partial);
            for (int p = 0; p < i; p++)
            {
                double* vp = v + (p * ld) + offset + 1;
                double* wp = wn + (p * ld) + offset + 1;
                double wv = VectorOps.Dot(wp, vk, m);
                double vv = VectorOps.Dot(vp, vk, m);
                VectorOps.Axpy(wv, vp, y, m);
                VectorOps.Axpy(vv, wp, y, m);
            }

            double half = -0.5 * t * t * VectorOps.Dot(y, vk, m);
            double* wk = wn + (i * ld) + offset + 1;
            for (int j = 0; j < m; j++)
            {
                wk[j] = -((t * y[j]) + (half * vk[j]));
            }
        }

        if (kEnd >= n)
        {
            return;
        }

        new Span<double>(v, nb * ld).CopyTo(new Span<double>(buffer + (2 * nb * ld), nb * ld));
        int t0 = kEnd - k0, size = n - kEnd;
        Dgemm.Multiply(
            true, false, size, size, 2 * nb, buffer + t0, ld, buffer + (nb * ld) + t0, ld,
            a + ((long)kEnd * n) + kEnd, n, accumulate: true, GemmStructure.UpperOutput);
    }

    /// <summary>
    /// Turns x[0..m) into a reflector: on return x = v (x[0] = 1) and <c>(I − τ v vᵀ)·x_in = β e₀</c>.
    /// τ = 0 (no reflection) when the tail is already zero.
    /// </summary>
    private static double MakeReflector(double* x, int m, out double beta)
    {
        double alpha = x[0];
        double tailNorm = m > 1 ? Math.Sqrt(VectorOps.Dot(x + 1, x + 1, m - 1)) : 0;
        x[0] = 1;
        if (tailNorm == 0)
        {
            beta = alpha;
            return 0;
        }

        beta = -Math.CopySign(double.Hypot(alpha, tailNorm), alpha);
        double scale = 1 / (alpha - beta);
        for (int j = 1; j < m; j++)
        {
            x[j] *= scale;
        }

        return (beta - alpha) / beta;
    }

    private static int SymvChunks(int m) => m >= 1024 ? 8 : m >= 256 ? 2 : 1;

    /// <summary>y = A x for the m×m symmetric matrix stored in the upper triangle at a (row stride lda).</summary>
    private static void SymmetricTimesVector(double* a, int lda, int m, double* x, double* y, double* partial)
    {
        int chunks = SymvChunks(m);
        Span<int> bounds = stackalloc int[chunks + 1];

        // Row r costs m − r; cut where the cumulative cost reaches each equal share.
        double total = 0.5 * m * (m + 1.0), done = 0;
        int next = 1;
        for (int r = 0; r < m && next < chunks; r++)
        {
            done += m - r;
            if (done >= total * next / chunks)
            {
                bounds[next++] = r + 1;
            }
        }

        for (; next <= chunks; next++)
        {
            bounds[next] = m;
        }

        int[] cuts = bounds.ToArray();
        nint pa = (nint)a, px = (nint)x, pp = (nint)partial;
        ParallelWork.For(chunks, c =>
        {
            double* rows = (double*)pa, xs = (double*)px, yp = (double*)pp + ((long)c * m);
            new Span<double>(yp, m).Clear();
            for (int r = cuts[c]; r < cuts[c + 1]; r++)
            {
                double* row = rows + ((long)r * lda);
                double sum = VectorOps.DotAndAxpy(row + r + 1, xs + r + 1, xs[r], yp + r + 1, m - r - 1);
                yp[r] += sum + (row[r] * xs[r]);
            }
        });

        new Span<double>(partial, m).CopyTo(new Span<double>(y, m));
        for (int c = 1; c < chunks; c++)
        {
            VectorOps.Axpy(1.0, partial + ((long)c * m), y, m);
        }
    }
}
