using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// JFIF YCbCr to RGB conversion with libjpeg's fixed-point rounding (16 fraction bits, constants
/// rounded to nearest): R = Y + 1.402 (Cr - 128), G = Y - 0.34414 (Cb - 128) - 0.71414 (Cr - 128),
/// B = Y + 1.772 (Cb - 128), each result clamped to 0..255. The red and blue terms are rounded on their
/// own; the two green terms are summed before one rounding shift. This file is the plain reference;
/// <c>JpegColor.Vector.cs</c> (AVX2) and <c>JpegColor.Vector512.cs</c> (AVX-512) hold the SIMD twins, bit-identical.
/// </summary>
internal static partial class JpegColor
{
    private const int ScaleBits = 16;
    private const int Half = 1 << (ScaleBits - 1);
    private const int FixCrR = 91881;   // round(1.40200 * 2^16)
    private const int FixCbB = 116130;  // round(1.77200 * 2^16)
    private const int FixCrG = 46802;   // round(0.71414 * 2^16)
    private const int FixCbG = 22554;   // round(0.34414 * 2^16)

    /// <summary>Converts one row of <paramref name="width"/> pixels, with the SIMD kernel when allowed and available.</summary>
    public static void YCbCrToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width, bool useSimd)
    {
        if (useSimd && Avx512Available)
        {
            if (YCbCrToRgbAvx512(y, cb, cr, rgb, width) < width)
            {
                YCbCrToRgbAvx2(y, cb, cr, rgb, width);
            }
        }
        else if (useSimd && Avx2.IsSupported)
        {
            YCbCrToRgbAvx2(y, cb, cr, rgb, width);
        }
        else
        {
            YCbCrToRgbScalar(y, cb, cr, rgb, width);
        }
    }

    /// <summary>Converts one row of <paramref name="width"/> pixels to interleaved RGB in <paramref name="rgb"/>.</summary>
    public static void YCbCrToRgbScalar(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        y = y[..width];
        cb = cb[..width];
        cr = cr[..width];
        rgb = rgb[..(3 * width)];
        for (int x = 0; x < y.Length; x++)
        {
            int l = y[x];
            int b = cb[x] - 128;
            int r = cr[x] - 128;
            rgb[3 * x] = JpegIdct.ClampSample(l + ((FixCrR * r + Half) >> ScaleBits));
            rgb[3 * x + 1] = JpegIdct.ClampSample(l + ((-FixCbG * b - FixCrG * r + Half) >> ScaleBits));
            rgb[3 * x + 2] = JpegIdct.ClampSample(l + ((FixCbB * b + Half) >> ScaleBits));
        }
    }

    /// <summary>Interleaves three planes stored without colour transform (Adobe transform 0, or RGB component ids).</summary>
    public static void InterleaveScalar(ReadOnlySpan<byte> c0, ReadOnlySpan<byte> c1, ReadOnlySpan<byte> c2, Span<byte> rgb, int width)
    {
        for (int x = 0; x < width; x++)
        {
            rgb[3 * x] = c0[x];
            rgb[3 * x + 1] = c1[x];
            rgb[3 * x + 2] = c2[x];
        }
    }
}
