namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Plain triple-loop twin of <see cref="Sgemm"/>: the definition the fast kernel is tested against.
/// Accumulates each dot product in float64 so that it is a tighter reference than any float32 kernel.
/// </summary>
internal static class SgemmReference
{
    /// <summary>Same contract as <see cref="Sgemm"/>.</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    float bv = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += (double)av * bv;
                }

                int ci = (i * ldc) + j;
                c[ci] = accumulate ? (float)(c[ci] + sum) : (float)sum;
            }
        }
    }
}
