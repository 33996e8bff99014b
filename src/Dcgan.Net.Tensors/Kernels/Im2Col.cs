using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Unfolds one image [C, H, W] into the im2col matrix [C * KH * KW, OH * OW] (row (c, kh, kw) holds the input
/// pixel each output position sees through that kernel tap, zero where it falls in the padding) and folds such a
/// matrix back by adding each entry onto its pixel. The matrix may be a column block of a wider one (row stride
/// <c>ld</c>), so that several images can share one matrix product.
/// <para>
/// Output rows of a tap are short (4 to 32 values in these networks), so per-value work decides the speed. At
/// stride 1 a tap row is a contiguous run of an input row. At stride s each input row is first split into s
/// zero-padded phases (phase p holds padded columns p, p + s, ...), after which every tap row is a contiguous
/// run of one phase: copies instead of gathers. Folding mirrors this: runs are added into the phases, which
/// are interleaved back onto the image at the end. The split costs one pass over the image, so it is used
/// when taps outnumber phases (KH x KW >= stride), i.e. whenever pixels are read more than once.
/// The loops are compiled fully optimised from the first call, as the SGEMM hot paths are.
/// </para>
/// </summary>
internal static unsafe partial class Im2Col
{
    /// <summary>Writes <paramref name="col"/> [PatchSize, OutPlane] (row stride <paramref name="ld"/>) from <paramref name="image"/> [C, H, W].</summary>
    public static void Expand(ReadOnlySpan<float> image, Span<float> col, int ld, in Conv2dGeometry g)
    {
        CheckSpans(image.Length, col.Length, ld, g);
        Conv2dGeometry geometry = g;
        fixed (float* pImage = image, pCol = col)
        {
            if (UsesPhases(geometry))
            {
                float[] phases = ArrayPool<float>.Shared.Rent(PhaseBufferLength(geometry));
                fixed (float* pPhases = phases)
                {
                    SplitPhases(pImage, pPhases, geometry);
                    ExpandFromPhases(pPhases, pCol, ld, geometry);
                }

                ArrayPool<float>.Shared.Return(phases);
            }
            else
            {
                ExpandDirect(pImage, pCol, ld, geometry);
            }
        }
    }

    /// <summary>Adds every entry of <paramref name="col"/> [PatchSize, OutPlane] (row stride <paramref name="ld"/>) onto its pixel of <paramref name="image"/> [C, H, W].</summary>
    public static void Fold(ReadOnlySpan<float> col, int ld, Span<float> image, in Conv2dGeometry g)
    {
        CheckSpans(image.Length, col.Length, ld, g);
        Conv2dGeometry geometry = g;
        fixed (float* pImage = image, pCol = col)
        {
            if (UsesPhases(geometry))
            {
                int length = PhaseBufferLength(geometry);
                float[] phases = ArrayPool<float>.Shared.Rent(length);
                fixed (float* pPhases = phases)
                {
                    new Span<float>(pPhases, length).Clear();
                    FoldIntoPhases(pCol, ld, pPhases, geometry);
                    MergePhases(pPhases, pImage, geometry);
                }

                ArrayPool<float>.Shared.Return(phases);
            }
            else
            {
                FoldDirect(pCol, ld, pImage, geometry);
            }
        }
    }

    /// <summary><c>dst[i] += src[i]</c>, a vector at a time.</summary>
    internal static void AddInto(ReadOnlySpan<float> src, Span<float> dst)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && src.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> s = MemoryMarshal.Cast<float, Vector<float>>(src);
            Span<Vector<float>> d = MemoryMarshal.Cast<float, Vector<float>>(dst[..src.Length]);
            for (int v = 0; v < s.Length; v++)
            {
                d[v] += s[v];
            }

            i = s.Length * Vector<float>.Count;
        }

        for (; i < src.Length; i++)
        {
            dst[i] += src[i];
        }
    }

    private static bool UsesPhases(in Conv2dGeometry g) => g.StrideW > 1 && g.KernelH * g.KernelW >= g.StrideW;

    /// <summary>Values per phase row: ceil((W + 2 PadW) / StrideW).</summary>
    private static int PhaseLength(in Conv2dGeometry g) => (g.Width + (2 * g.PadW) + g.StrideW - 1) / g.StrideW;

    private static int PhaseBufferLength(in Conv2dGeometry g) => g.InChannels * g.Height * g.StrideW * PhaseLength(g);

    private static void CheckSpans(int imageLength, int colLength, int ld, in Conv2dGeometry g)
    {
        if (imageLength < g.InputImageSize || ld < g.OutPlane || colLength < ((long)(g.PatchSize - 1) * ld) + g.OutPlane)
        {
            throw new ArgumentException(
                $"im2col of {g}: image has {imageLength} values (needs {g.InputImageSize}), matrix has {colLength} with row stride {ld}.");
        }
    }
}
