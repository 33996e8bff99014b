using System.Numerics;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Unfolds one image [C, H, W] into the im2col matrix [C * KH * KW, OH * OW] (row (c, kh, kw) holds the input
/// pixel each output position sees through that kernel tap, zero where it falls in the padding) and folds such a
/// matrix back by adding each entry onto its pixel. The matrix may be a column block of a wider one (row stride
/// <c>ld</c>), so that several images can share one matrix product. For every tap the run of output columns whose
/// pixel lies inside the image is computed once, so the per-pixel loops have no bounds tests; feature maps in
/// these networks are small (rows of 4 to 32), so the loops avoid per-row calls.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>Writes <paramref name="col"/> [PatchSize, OutPlane] (row stride <paramref name="ld"/>) from <paramref name="image"/> [C, H, W].</summary>
    public static void Expand(ReadOnlySpan<float> image, Span<float> col, int ld, in Conv2dGeometry g)
    {
        CheckSpans(image.Length, col.Length, ld, g);
        fixed (float* pImage = image, pCol = col)
        {
            Conv2dGeometry geometry = g;
            ExpandCore(pImage, pCol, ld, geometry);
        }
    }

    /// <summary>Adds every entry of <paramref name="col"/> [PatchSize, OutPlane] (row stride <paramref name="ld"/>) onto its pixel of <paramref name="image"/> [C, H, W].</summary>
    public static void Fold(ReadOnlySpan<float> col, int ld, Span<float> image, in Conv2dGeometry g)
    {
        CheckSpans(image.Length, col.Length, ld, g);
        fixed (float* pImage = image, pCol = col)
        {
            Conv2dGeometry geometry = g;
            FoldCore(pCol, ld, pImage, geometry);
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

    private static void ExpandCore(float* image, float* col, nint ld, Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, sw = g.StrideW, plane = g.Height * g.Width;
        float* row = col;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* channel = image + ((long)c * plane);
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++, row += ld)
                {
                    (int lo, int hi) = ValidColumns(g, kw, ow);
                    float* dst = row;
                    for (int y = 0; y < oh; y++, dst += ow)
                    {
                        int iy = (y * g.StrideH) - g.PadH + kh;
                        if ((uint)iy >= (uint)g.Height)
                        {
                            for (int x = 0; x < ow; x++)
                            {
                                dst[x] = 0f;
                            }

                            continue;
                        }

                        float* src = channel + (iy * g.Width) - g.PadW + kw;
                        int x0 = 0;
                        for (; x0 < lo; x0++)
                        {
                            dst[x0] = 0f;
                        }

                        if (sw == 1)
                        {
                            for (; x0 < hi; x0++)
                            {
                                dst[x0] = src[x0];
                            }
                        }
                        else
                        {
                            for (; x0 < hi; x0++)
                            {
                                dst[x0] = src[x0 * sw];
                            }
                        }

                        for (; x0 < ow; x0++)
                        {
                            dst[x0] = 0f;
                        }
                    }
                }
            }
        }
    }

    private static void FoldCore(float* col, nint ld, float* image, Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, sw = g.StrideW, plane = g.Height * g.Width;
        float* row = col;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* channel = image + ((long)c * plane);
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++, row += ld)
                {
                    (int lo, int hi) = ValidColumns(g, kw, ow);
                    float* src = row;
                    for (int y = 0; y < oh; y++, src += ow)
                    {
                        int iy = (y * g.StrideH) - g.PadH + kh;
                        if ((uint)iy >= (uint)g.Height)
                        {
                            continue;
                        }

                        float* dst = channel + (iy * g.Width) - g.PadW + kw;
                        if (sw == 1)
                        {
                            for (int x = lo; x < hi; x++)
                            {
                                dst[x] += src[x];
                            }
                        }
                        else
                        {
                            for (int x = lo; x < hi; x++)
                            {
                                dst[x * sw] += src[x];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Output columns [lo, hi) whose input column for tap <paramref name="kw"/> lies inside the image (lo &lt;= hi).</summary>
    private static (int Lo, int Hi) ValidColumns(in Conv2dGeometry g, int kw, int ow)
    {
        int before = g.PadW - kw;
        int lo = before <= 0 ? 0 : Math.Min(ow, (before + g.StrideW - 1) / g.StrideW);
        int last = g.Width - 1 + g.PadW - kw;
        int hi = last < 0 ? 0 : Math.Min(ow, (last / g.StrideW) + 1);
        return (lo, Math.Max(lo, hi));
    }

    private static void CheckSpans(int imageLength, int colLength, int ld, in Conv2dGeometry g)
    {
        if (imageLength < g.InputImageSize || ld < g.OutPlane || colLength < ((long)(g.PatchSize - 1) * ld) + g.OutPlane)
        {
            throw new ArgumentException(
                $"im2col of {g}: image has {imageLength} values (needs {g.InputImageSize}), matrix has {colLength} with row stride {ld}.");
        }
    }
}
