using System.Runtime.InteropServices;

namespace Dcgan.Net.Fid;

/// <summary>
/// Cholesky factorisation <c>A = L Lᵀ</c> of a symmetric positive definite matrix, right-looking and blocked: each
/// block column is factored (diagonal block unblocked, the rows below by forward substitution, row by row in
/// parallel), then the trailing lower triangle takes <c>A₂₂ −= L₂₁ L₂₁ᵀ</c> as one <see cref="Dgemm"/> product.
/// </summary>
internal static unsafe class Cholesky
{
    private const int BlockSize = 96;

    /// <summary>
    /// Factors the symmetric matrix in the lower triangle of <paramref name="a"/> [n, n] in place: on success the lower
    /// triangle holds L and the strict upper triangle is zero. Returns false, leaving <paramref name="a"/> partly
    /// overwritten, when a pivot is not positive (the matrix is not numerically positive definite) or not finite.
    /// </summary>
    public static bool TryFactor(double[] a, int n)
    {
        fixed (double* pa = a)
        {
            double* panel = (double*)NativeMemory.AlignedAlloc((nuint)((long)n * BlockSize * sizeof(double)), 64);
            try
            {
                for (int k0 = 0; k0 < n; k0 += BlockSize)
                {
                    int kb = Math.Min(BlockSize, n - k0);
                    if (!FactorDiagonalBlock(pa, n, k0, kb))
                    {
                        return false;
                    }

                    int below = n - k0 - kb;
                    if (below == 0)
                    {
                        break;
                    }

                    SolvePanel(pa, n, k0, kb);

                    // A22 += (−L21)·L21ᵀ on the lower triangle; the negated copy stands in for a −1 scale factor.
                    for (int r = 0; r < below; r++)
                    {
                        double* src = pa + ((long)(k0 + kb + r) * n) + k0;
                        for (int p = 0; p < kb; p++)
                        {
                            panel[((long)r * kb) + p] = -src[p];
                        }
                    }

                    double* l21 = pa + ((long)(k0 + kb) * n) + k0;
                    Dgemm.Multiply(
                        false, true, below, below, kb, panel, kb, l21, n,
                        pa + ((long)(k0 + kb) * n) + k0 + kb, n, accumulate: true, GemmStructure.LowerOutput);
                }
            }
            finally
            {
                NativeMemory.AlignedFree(panel);
            }

            for (int i = 0; i < n; i++)
            {
                new Span<double>(pa + ((long)i * n) + i + 1, n - i - 1).Clear();
            }
        }

        return true;
    }

    private static bool FactorDiagonalBlock(double* a, int n, int k0, int kb)
    {
        for (int j = k0; j < k0 + kb; j++)
        {
            double* rowJ = a + ((long)j * n);
            double pivot = rowJ[j] - VectorOps.Dot(rowJ + k0, rowJ + k0, j - k0);
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return false;
            }

            double diagonal = Math.Sqrt(pivot);
            rowJ[j] = diagonal;
            for (int i = j + 1; i < k0 + kb; i++)
            {
                double* rowI = a + ((long)i * n);
                rowI[j] = (rowI[j] - VectorOps.Dot(rowI + k0, rowJ + k0, j - k0)) / diagonal;
            }
        }

        return true;
    }

    /// <summary>L21 = A21 L11⁻ᵀ: each row below the block solves L11 x = a by forward substitution.</summary>
    private static void SolvePanel(double* a, int n, int k0, int kb)
    {
        nint pa = (nint)a;
        int first = k0 + kb;
        ParallelWork.ForChunks(n - first, 64, (start, end) =>
        {
            double* m = (double*)pa;
            for (int i = first + start; i < first + end; i++)
            {
                double* rowI = m + ((long)i * n);
                for (int j = k0; j < k0 + kb; j++)
                {
                    double* rowJ = m + ((long)j * n);
                    rowI[j] = (rowI[j] - VectorOps.Dot(rowI + k0, rowJ + k0, j - k0)) / rowJ[j];
                }
            }
        });
    }
}
