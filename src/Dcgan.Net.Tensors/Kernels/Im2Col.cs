using System.Numerics;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Unfolds one image [C, H, W] into the im2col matrix [C * KH * KW, OH * OW] (row (c, kh, kw) holds the input
/// pixel each output position sees through that kernel tap, zero where it falls in the padding) and folds such a
/// matrix back by adding each entry onto its pixel. The matrix may be a column block of a wider one (row stride
/// <c>ld</c>), so that several images can share one matrix product. For every tap the run of output columns whose pixel lies
/// inside the image is computed once, so the inner loops have no bounds tests (a plain copy at stride 1).
/// </summary>
internal static class Im2Col
{
    /// <summary>Writes <paramref name="col"/> [PatchSize, OutPlane] (row stride <paramref name="ld"/>) from <paramref name="image"/> [C, H, W].</summary>
    public static void Expand(ReadOnlySpan<float> image, Span<float> col, int ld, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, plane = g.OutPlane;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            ReadOnlySpan<float> channel = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++, row++)
                {
                    (int lo, int hi) = ValidColumns(g, kw, ow);
                    Span<float> dstRow = col.Slice(row * ld, plane);
                    for (int y = 0; y < oh; y++)
                    {
                        Span<float> dst = dstRow.Slice(y * ow, ow);
                        int iy = (y * g.StrideH) - g.PadH + kh;
                        if (iy < 0 || iy >= g.Height || lo >= hi)
                        {
                            dst.Clear();
                            continue;
                        }

                        dst[..lo].Clear();
                        dst[hi..].Clear();
                        ReadOnlySpan<float> src = channel.Slice(iy * g.Width, g.Width);
                        int ix = (lo * g.StrideW) - g.PadW + kw;
                        if (g.StrideW == 1)
                        {
                            src.Slice(ix, hi - lo).CopyTo(dst[lo..]);
                        }
                        else
                        {
                            for (int x = lo; x < hi; x++, ix += g.StrideW)
                            {
                                dst[x] = src[ix];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds every entry of <paramref name="col"/> [PatchSize, OutPlane] (row stride <paramref name="ld"/>) onto its pixel of <paramref name="image"/> [C, H, W].</summary>
    public static void Fold(ReadOnlySpan<float> col, int ld, Span<float> image, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, plane = g.OutPlane;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            Span<float> channel = image.Slice(c * g.Height * g.Width, g.Height * g.Width);
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++, row++)
                {
                    (int lo, int hi) = ValidColumns(g, kw, ow);
                    ReadOnlySpan<float> srcRow = col.Slice(row * ld, plane);
                    for (int y = 0; y < oh; y++)
                    {
                        int iy = (y * g.StrideH) - g.PadH + kh;
                        if (iy < 0 || iy >= g.Height || lo >= hi)
                        {
                            continue;
                        }

                        ReadOnlySpan<float> src = srcRow.Slice((y * ow) + lo, hi - lo);
                        Span<float> dst = channel.Slice(iy * g.Width, g.Width);
                        int ix = (lo * g.StrideW) - g.PadW + kw;
                        if (g.StrideW == 1)
                        {
                            AddInto(src, dst.Slice(ix, hi - lo));
                        }
                        else
                        {
                            for (int x = 0; x < src.Length; x++, ix += g.StrideW)
                            {
                                dst[ix] += src[x];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Output columns [lo, hi) whose input column for tap <paramref name="kw"/> lies inside the image.</summary>
    private static (int Lo, int Hi) ValidColumns(in Conv2dGeometry g, int kw, int ow)
    {
        int before = g.PadW - kw;
        int lo = before <= 0 ? 0 : (before + g.StrideW - 1) / g.StrideW;
        int last = g.Width - 1 + g.PadW - kw;
        int hi = last < 0 ? 0 : Math.Min(ow, (last / g.StrideW) + 1);
        return (Math.Min(lo, ow), Math.Max(hi, Math.Min(lo, ow)));
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
}
