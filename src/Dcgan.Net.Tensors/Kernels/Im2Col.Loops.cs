using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>The unfold and fold loops, over raw pointers checked by the public entry points.</summary>
internal static unsafe partial class Im2Col
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpandDirect(float* image, float* col, nint ld, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, sw = g.StrideW, plane = g.Height * g.Width;
        int sh = g.StrideH, ph = g.PadH, pw = g.PadW, height = g.Height, width = g.Width;
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
                        int iy = (y * sh) - ph + kh;
                        if ((uint)iy >= (uint)height)
                        {
                            Zero(dst, ow);
                            continue;
                        }

                        float* src = channel + (iy * width) - pw + kw;
                        Zero(dst, lo);
                        if (sw == 1)
                        {
                            Copy(src + lo, dst + lo, hi - lo);
                        }
                        else
                        {
                            for (int x = lo; x < hi; x++)
                            {
                                dst[x] = src[x * sw];
                            }
                        }

                        Zero(dst + hi, ow - hi);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FoldDirect(float* col, nint ld, float* image, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, sw = g.StrideW, plane = g.Height * g.Width;
        int sh = g.StrideH, ph = g.PadH, pw = g.PadW, height = g.Height, width = g.Width;
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
                        int iy = (y * sh) - ph + kh;
                        if ((uint)iy >= (uint)height)
                        {
                            continue;
                        }

                        float* dst = channel + (iy * width) - pw + kw;
                        if (sw == 1)
                        {
                            Add(src + lo, dst + lo, hi - lo);
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

    /// <summary>phases[(c, iy, p)][j] = padded row iy of channel c at column j * s + p (zero in the padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SplitPhases(float* image, float* phases, in Conv2dGeometry g)
    {
        int s = g.StrideW, length = PhaseLength(g);
        int rows = g.InChannels * g.Height, width = g.Width, pw = g.PadW;
        for (int r = 0; r < rows; r++)
        {
            float* src = image + ((long)r * width);
            float* dst = phases + ((long)r * s * length);
            for (int p = 0; p < s; p++, dst += length)
            {
                for (int j = 0; j < length; j++)
                {
                    int x = (j * s) + p - pw;
                    dst[j] = (uint)x < (uint)width ? src[x] : 0f;
                }
            }
        }
    }

    /// <summary>image[(c, iy)][x] += phases[(c, iy, p)][j] for every column x = j * s + p - PadW inside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergePhases(float* phases, float* image, in Conv2dGeometry g)
    {
        int s = g.StrideW, length = PhaseLength(g);
        int rows = g.InChannels * g.Height, width = g.Width, pw = g.PadW;
        for (int r = 0; r < rows; r++)
        {
            float* dst = image + ((long)r * width);
            float* src = phases + ((long)r * s * length);
            for (int p = 0; p < s; p++, src += length)
            {
                for (int j = 0; j < length; j++)
                {
                    int x = (j * s) + p - pw;
                    if ((uint)x < (uint)width)
                    {
                        dst[x] += src[j];
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpandFromPhases(float* phases, float* col, nint ld, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, s = g.StrideW, length = PhaseLength(g);
        int sh = g.StrideH, ph = g.PadH, height = g.Height;
        nint rowStride = (nint)s * length;
        float* row = col;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* channel = phases + ((long)c * height * rowStride);
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++, row += ld)
                {
                    float* tap = channel + ((kw % s) * length) + (kw / s);
                    float* dst = row;
                    for (int y = 0; y < oh; y++, dst += ow)
                    {
                        int iy = (y * sh) - ph + kh;
                        if ((uint)iy >= (uint)height)
                        {
                            Zero(dst, ow);
                        }
                        else
                        {
                            Copy(tap + (iy * rowStride), dst, ow);
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FoldIntoPhases(float* col, nint ld, float* phases, in Conv2dGeometry g)
    {
        int oh = g.OutHeight, ow = g.OutWidth, s = g.StrideW, length = PhaseLength(g);
        int sh = g.StrideH, ph = g.PadH, height = g.Height;
        nint rowStride = (nint)s * length;
        float* row = col;
        for (int c = 0; c < g.InChannels; c++)
        {
            float* channel = phases + ((long)c * height * rowStride);
            for (int kh = 0; kh < g.KernelH; kh++)
            {
                for (int kw = 0; kw < g.KernelW; kw++, row += ld)
                {
                    float* tap = channel + ((kw % s) * length) + (kw / s);
                    float* src = row;
                    for (int y = 0; y < oh; y++, src += ow)
                    {
                        int iy = (y * sh) - ph + kh;
                        if ((uint)iy < (uint)height)
                        {
                            Add(src, tap + (iy * rowStride), ow);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* src, float* dst, int count)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            Vector128.Store(Vector128.Load(src + i), dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* src, float* dst, int count)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            Vector128.Store(Vector128.Load(dst + i) + Vector128.Load(src + i), dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] += src[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Zero(float* dst, int count)
    {
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            Vector128.Store(Vector128<float>.Zero, dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] = 0f;
        }
    }
}
