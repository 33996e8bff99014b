using System.Runtime.InteropServices;

namespace Dcgan.Net.Fid;

internal static unsafe partial class Tridiagonalization
{
    /// <summary>
    /// Turns eigenvectors of T into eigenvectors of A: <paramref name="rows"/> [n, n] holds one vector of T per row
    /// (Zᵀ) and becomes <c>Zᵀ Qᵀ = Zᵀ H_{n−2} ⋯ H₀</c>, one vector of A per row.
    /// </summary>
    /// <remarks>
    /// Panels of reflectors, last panel first, each in compact WY form <c>H_{k0} ⋯ H_{k0+b−1} = I − Y S Yᵀ</c> (S upper
    /// triangular): <c>Zᵀ −= (Zᵀ Y) Sᵀ Yᵀ</c>, two <see cref="Dgemm"/> products per panel.
    /// </remarks>
    public static void BackTransform(double[] reflectors, int n, double[] tau, double[] rows)
    {
        const int nb = PanelWidth;
        if (n < 3)
        {
            return;
        }

        double* y = (double*)NativeMemory.AlignedAlloc((nuint)((long)nb * n * sizeof(double)), 64);
        double* product = (double*)NativeMemory.AlignedAlloc((nuint)((long)nb * n * sizeof(double)), 64);
        double* s = stackalloc double[nb * nb];
        try
        {
            fixed (double* pa = reflectors, pz = rows)
            {
                // Reflectors k = 0..n−3 can be non-trivial (k = n−2 acts on one index, τ = 0).
                int count = n - 2;
                int lastPanel = (count - 1) / nb * nb;
                for (int k0 = lastPanel; k0 >= 0; k0 -= nb)
                {
                    int b = Math.Min(nb, count - k0);
                    ApplyPanel(pa, n, k0, b, tau, y, s, product, pz);
                }
            }
        }
        finally
        {
            NativeMemory.AlignedFree(product);
            NativeMemory.AlignedFree(y);
        }
    }

    private static void ApplyPanel(double* a, int n, int k0, int b, double[] tau, double* y, double* s, double* product, double* z)
    {
        // Y's columns as rows of length n − start, start = k0 + 1 (the first index any reflector of the panel touches).
        int start = k0 + 1, len = n - start;
        new Span<double>(y, b * len).Clear();
        for (int p = 0; p < b; p++)
        {
            int k = k0 + p;
            double* yp = y + (p * len) + (k + 1 - start);
            new ReadOnlySpan<double>(a + ((long)k * n) + k + 1, n - k - 1).CopyTo(new Span<double>(yp, n - k - 1));
            yp[0] = 1;
        }

        // S (forward, column by column): S[p,p] = τ_p, S[0:p, p] = −τ_p S[0:p, 0:p] (Y[:, 0:p]ᵀ y_p).
        var column = new double[b];
        for (int p = 0; p < b; p++)
        {
            double t = tau[k0 + p];
            for (int q = 0; q < p; q++)
            {
                column[q] = VectorOps.Dot(y + (q * len), y + (p * len), len);
            }

            for (int q = 0; q < p; q++)
            {
                double sum = 0;
                for (int r = q; r < p; r++)
                {
                    sum += s[(q * PanelWidth) + r] * column[r];
                }

                s[(q * PanelWidth) + p] = -t * sum;
            }

            s[(p * PanelWidth) + p] = t;
            for (int q = p + 1; q < b; q++)
            {
                s[(q * PanelWidth) + p] = 0;
            }
        }

        // product = Zᵀ Y  [n, b], then product := −product Sᵀ, then Zᵀ += product Yᵀ.
        Dgemm.Multiply(false, true, n, b, len, z + start, n, y, len, product, b, accumulate: false);
        var rowCopy = new double[b];
        for (int i = 0; i < n; i++)
        {
            double* row = product + ((long)i * b);
            new ReadOnlySpan<double>(row, b).CopyTo(rowCopy);
            for (int q = 0; q < b; q++)
            {
                double sum = 0;
                for (int p = q; p < b; p++)
                {
                    sum += rowCopy[p] * s[(q * PanelWidth) + p];
                }

                row[q] = -sum;
            }
        }

        Dgemm.Multiply(false, false, n, len, b, product, b, y, len, z + start, n, accumulate: true);
    }
}
