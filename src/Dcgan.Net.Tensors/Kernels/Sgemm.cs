namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Single-precision matrix product on row-major spans:
/// <c>C[m, n] = op(A)[m, k] * op(B)[k, n] + (accumulate ? C : 0)</c>,
/// where <c>op(X)</c> is X or its transpose. Leading dimensions are the row strides of the stored matrices:
/// A is stored as [m, lda] (or [k, lda] when transposed), B as [k, ldb] (or [n, ldb]), C as [m, ldc].
/// </summary>
/// <remarks>
/// Runs the packed, cache-blocked <see cref="SgemmDriver{TKernel}"/> with the micro-kernel of
/// <see cref="CpuFeatures.Current"/>. Each element of C is summed over k in blocks of the kernel's Kc, in order,
/// so for a given instruction set the result does not depend on <see cref="EngineSettings.ThreadCount"/>.
/// </remarks>
internal static class Sgemm
{
    /// <summary>Computes the product; see the type summary for the layout.</summary>
    /// <exception cref="ArgumentException">A size or leading dimension is invalid, a span is too short, or C overlaps A or B.</exception>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate) =>
        Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, parallel: true);

    /// <summary>
    /// Computes the product on the calling thread only when <paramref name="parallel"/> is false (for callers that
    /// already run one product per worker thread). The result is the same bits either way.
    /// </summary>
    /// <exception cref="ArgumentException">A size or leading dimension is invalid, a span is too short, or C overlaps A or B.</exception>
    public static unsafe void Multiply(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate, bool parallel)
    {
        Validate(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0)
            {
                ClearUnlessAccumulating(pc, m, n, ldc, accumulate);
                return;
            }

            var op = new SgemmOperands(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate, parallel);
            Run(CpuFeatures.Current, op);
        }
    }

    /// <summary>
    /// <c>C[m, n] = op(A)[m, k] * op(B)[k, n] + (accumulate ? C : 0)</c> with op(A) packed once beforehand
    /// (<see cref="SgemmPackedA"/>), on the micro-kernel it was packed for. The same bits as the unpacked product
    /// on that instruction set.
    /// </summary>
    /// <exception cref="ArgumentException">A size or leading dimension is invalid, a span is too short, or C overlaps B.</exception>
    /// <exception cref="InvalidOperationException">The panels are for an instruction set this processor lacks.</exception>
    public static unsafe void Multiply(
        SgemmPackedA a, bool transB, int n, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate, bool parallel)
    {
        int m = a.M;
        int k = a.K;
        if (n < 0)
        {
            throw new ArgumentException($"Matrix sizes must be non-negative, got n={n}.");
        }

        if (a.Isa > CpuFeatures.Best)
        {
            throw new InvalidOperationException($"A was packed for {a.Isa}; this processor runs at most {CpuFeatures.Best}.");
        }

        CheckOperand("B", transB ? n : k, transB ? k : n, b.Length, ldb);
        CheckOperand("C", m, n, c.Length, ldc);
        if (c.Overlaps(b))
        {
            throw new ArgumentException("The output C must not overlap the input B.");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a.Panels, pb = b, pc = c)
        {
            if (k == 0)
            {
                ClearUnlessAccumulating(pc, m, n, ldc, accumulate);
                return;
            }

            var op = new SgemmOperands(false, transB, m, n, k, null, k, pb, ldb, pc, ldc, accumulate, parallel, pa);
            Run(a.Isa, op);
        }
    }

    /// <summary>Runs the driver of <paramref name="isa"/>'s micro-kernel.</summary>
    private static void Run(KernelIsa isa, in SgemmOperands op)
    {
        switch (isa)
        {
            case KernelIsa.Avx512:
                SgemmDriver<SgemmKernelAvx512>.Multiply(op);
                break;
            case KernelIsa.Avx2:
                SgemmDriver<SgemmKernelAvx2>.Multiply(op);
                break;
            default:
                SgemmDriver<SgemmKernelPortable>.Multiply(op);
                break;
        }
    }

    private static unsafe void ClearUnlessAccumulating(float* c, int m, int n, int ldc, bool accumulate)
    {
        if (accumulate)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            new Span<float>(c + ((long)i * ldc), n).Clear();
        }
    }

    private static void Validate(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"Matrix sizes must be non-negative, got m={m}, n={n}, k={k}.");
        }

        CheckOperand("A", transA ? k : m, transA ? m : k, a.Length, lda);
        CheckOperand("B", transB ? n : k, transB ? k : n, b.Length, ldb);
        CheckOperand("C", m, n, c.Length, ldc);
        if (c.Overlaps(a) || c.Overlaps(b))
        {
            throw new ArgumentException("The output C must not overlap the inputs A or B.");
        }
    }

    /// <summary>Throws unless a [rows, cols] matrix stored with row stride <paramref name="ld"/> fits in <paramref name="length"/> values.</summary>
    internal static void CheckOperand(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentException(
                $"Leading dimension of {name} must be at least its row length {Math.Max(1, cols)}, got {ld}.");
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"{name} stored as [{rows}, {ld}] needs at least {needed} values, got a span of {length}.");
        }
    }
}
