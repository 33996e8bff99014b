namespace Dcgan.Net.Fid;

/// <summary>The plain triple loop <see cref="Dgemm"/> is checked against (same layout and arguments).</summary>
internal static class DgemmReference
{
    /// <summary>C[m, n] = op(A) · op(B) (+ C), summing each element in index order.</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        double[] a, int lda, double[] b, int ldb, double[] c, int ldc, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[(p * lda) + i] : a[(i * lda) + p];
                    double y = transB ? b[(j * ldb) + p] : b[(p * ldb) + j];
                    sum += x * y;
                }

                c[(i * ldc) + j] = accumulate ? c[(i * ldc) + j] + sum : sum;
            }
        }
    }
}
