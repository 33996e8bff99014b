namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Single-precision matrix product on row-major spans:
/// <c>C[m, n] = op(A)[m, k] * op(B)[k, n] + (accumulate ? C : 0)</c>,
/// where <c>op(X)</c> is X or its transpose. Leading dimensions are the row strides of the stored matrices:
/// A is stored as [m, lda] (or [k, lda] when transposed), B as [k, ldb] (or [n, ldb]), C as [m, ldc].
/// </summary>
internal static class Sgemm
{
    /// <summary>Computes the product; see the type summary for the layout.</summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate)
    {
        SgemmReference.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    }
}
