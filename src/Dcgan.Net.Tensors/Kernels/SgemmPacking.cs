using System.Runtime.CompilerServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layouts the micro-kernels stream through:
/// A as panels of <c>mr</c> rows stored k-major ([kc, mr] each), B as panels of up to <c>nr</c> columns
/// stored k-major ([kc, width] each, width rounded up to whole vectors). Padding is zero, so edge tiles
/// need no special case inside the kernel.
/// </summary>
internal static unsafe class SgemmPacking
{
    /// <summary>Packs rows [row0, row0 + rows) of op(A), k range [k0, k0 + kc), into one panel of <paramref name="mr"/> rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackAPanel(in SgemmOperands op, int row0, int rows, int k0, int kc, int mr, float* dst)
    {
        if (op.TransA)
        {
            // op(A)[i, p] = A[p, i]: each k step is a contiguous run of rows.
            float* src = op.A + (k0 * op.Lda) + row0;
            for (int p = 0; p < kc; p++, src += op.Lda, dst += mr)
            {
                new ReadOnlySpan<float>(src, rows).CopyTo(new Span<float>(dst, rows));
                new Span<float>(dst + rows, mr - rows).Clear();
            }

            return;
        }

        float* rowsStart = op.A + (row0 * op.Lda) + k0;
        if (rows == 8 && mr == 8 && SgemmTranspose.IsSupported)
        {
            SgemmTranspose.Pack8Rows(rowsStart, op.Lda, kc, dst, 8);
            return;
        }

        for (int i = 0; i < mr; i++)
        {
            float* d = dst + i;
            if (i >= rows)
            {
                for (int p = 0; p < kc; p++)
                {
                    d[p * mr] = 0f;
                }

                continue;
            }

            float* src = rowsStart + (i * op.Lda);
            for (int p = 0; p < kc; p++)
            {
                d[p * mr] = src[p];
            }
        }
    }

    /// <summary>Packs columns [col0, col0 + cols) of op(B), k range [k0, k0 + kc), into a panel <paramref name="width"/> wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBPanel(in SgemmOperands op, int col0, int cols, int width, int k0, int kc, float* dst)
    {
        if (!op.TransB)
        {
            float* src = op.B + (k0 * op.Ldb) + col0;
            for (int p = 0; p < kc; p++, src += op.Ldb, dst += width)
            {
                new ReadOnlySpan<float>(src, cols).CopyTo(new Span<float>(dst, cols));
                new Span<float>(dst + cols, width - cols).Clear();
            }

            return;
        }

        // op(B)[p, j] = B[j, p]: each column of the panel is a contiguous row of B.
        int j0 = 0;
        if (SgemmTranspose.IsSupported)
        {
            for (; j0 + 8 <= cols; j0 += 8)
            {
                SgemmTranspose.Pack8Rows(op.B + ((col0 + j0) * op.Ldb) + k0, op.Ldb, kc, dst + j0, width);
            }
        }

        for (int j = j0; j < width; j++)
        {
            float* d = dst + j;
            if (j >= cols)
            {
                for (int p = 0; p < kc; p++)
                {
                    d[p * width] = 0f;
                }

                continue;
            }

            float* src = op.B + ((col0 + j) * op.Ldb) + k0;
            for (int p = 0; p < kc; p++)
            {
                d[p * width] = src[p];
            }
        }
    }
}
