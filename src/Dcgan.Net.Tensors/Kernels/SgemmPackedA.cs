namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// An A operand packed once, whole, into the panel layout of one instruction set's micro-kernel, for a matrix that
/// is multiplied many times (a layer's weights): panel p holds rows [p * Mr, p * Mr + Mr) of op(A) stored k-major
/// ([K, Mr], rows past M zero), panels one after another. The driver then reads depth block [k0, k0 + kc) of a panel
/// in place instead of packing it on every product, which on AVX2 (Mr = 6, a strided gather per value) took about 4%
/// of an Inception forward pass. The values and their order in the kernel are the same as when packed per product,
/// so the results are the same bits.
/// </summary>
internal sealed class SgemmPackedA
{
    private readonly float[] _panels;

    private SgemmPackedA(KernelIsa isa, int m, int k, int mr, float[] panels)
    {
        Isa = isa;
        M = m;
        K = k;
        Mr = mr;
        _panels = panels;
    }

    /// <summary>The instruction set whose micro-kernel the panels are laid out for.</summary>
    public KernelIsa Isa { get; }

    /// <summary>Rows of op(A).</summary>
    public int M { get; }

    /// <summary>Columns of op(A), the depth of the product.</summary>
    public int K { get; }

    /// <summary>Rows per panel (the kernel's Mr).</summary>
    public int Mr { get; }

    /// <summary>The panels, <c>ceil(M / Mr) * K * Mr</c> values.</summary>
    internal ReadOnlySpan<float> Panels => _panels;

    /// <summary>Packs op(A) [m, k] for the micro-kernel of <paramref name="isa"/>.</summary>
    /// <param name="transA">Whether A is stored transposed ([k, lda]) rather than as [m, lda].</param>
    /// <param name="m">Rows of op(A).</param>
    /// <param name="k">Columns of op(A).</param>
    /// <param name="a">The stored matrix.</param>
    /// <param name="lda">Its row stride.</param>
    /// <param name="isa">The instruction set the products will run on.</param>
    /// <exception cref="ArgumentException">A size or leading dimension is invalid or the span is too short.</exception>
    public static unsafe SgemmPackedA Pack(bool transA, int m, int k, ReadOnlySpan<float> a, int lda, KernelIsa isa)
    {
        if (m < 0 || k < 0)
        {
            throw new ArgumentException($"Matrix sizes must be non-negative, got m={m}, k={k}.");
        }

        Sgemm.CheckOperand("A", transA ? k : m, transA ? m : k, a.Length, lda);
        int mr = isa switch
        {
            KernelIsa.Avx512 => SgemmKernelAvx512.Mr,
            KernelIsa.Avx2 => SgemmKernelAvx2.Mr,
            _ => SgemmKernelPortable.Mr,
        };
        int panelCount = (m + mr - 1) / mr;
        var panels = new float[(long)panelCount * k * mr];
        fixed (float* pa = a, dst = panels)
        {
            var op = new SgemmOperands(transA, false, m, 0, k, pa, lda, null, 1, null, 1, false, false);
            for (int p = 0; p < panelCount && k > 0; p++)
            {
                int row0 = p * mr;
                SgemmPacking.PackAPanel(op, row0, Math.Min(mr, m - row0), 0, k, mr, dst + ((long)p * k * mr));
            }
        }

        return new SgemmPackedA(isa, m, k, mr, panels);
    }
}
