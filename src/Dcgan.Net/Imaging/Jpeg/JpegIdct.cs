using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// Dequantisation and 8x8 inverse DCT (T.81 A.3.3) in fixed point, with the precision of libjpeg's
/// default "islow" method so that decoded samples agree with libjpeg-turbo: the separable
/// Loeffler-Ligtenberg-Moschytz factorisation, constants scaled by 2^13, two extra fraction bits kept
/// between the column and the row pass, rounding at both descales, then level shift (+128) and clamping.
/// This file is the plain reference; <c>JpegIdct.Vector256.cs</c> is the SIMD twin, bit-identical.
/// </summary>
internal static partial class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // round(c * 2^13) for the rotation constants of the LL&M flow graph.
    private const int Fix0_298631336 = 2446;
    private const int Fix0_390180644 = 3196;
    private const int Fix0_541196100 = 4433;
    private const int Fix0_765366865 = 6270;
    private const int Fix0_899976223 = 7373;
    private const int Fix1_175875602 = 9633;
    private const int Fix1_501321110 = 12299;
    private const int Fix1_847759065 = 15137;
    private const int Fix1_961570560 = 16069;
    private const int Fix2_053119869 = 16819;
    private const int Fix2_562915447 = 20995;
    private const int Fix3_072711026 = 25172;

    /// <summary>
    /// Reference transform of one block: <paramref name="coefficients"/> [64] natural order, times
    /// <paramref name="quant"/> [64], written as 8 rows of 8 samples at <paramref name="output"/>[offset + row * stride].
    /// </summary>
    public static void TransformScalar(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int offset, int stride)
    {
        Span<int> ws = stackalloc int[64]; // [8 rows, 8 columns] after the column pass
        Span<int> v = stackalloc int[8];
        for (int col = 0; col < 8; col++)
        {
            for (int k = 0; k < 8; k++)
            {
                v[k] = coefficients[k * 8 + col] * quant[k * 8 + col];
            }

            Idct1D(v, ConstBits - Pass1Bits);
            for (int k = 0; k < 8; k++)
            {
                ws[k * 8 + col] = v[k];
            }
        }

        for (int row = 0; row < 8; row++)
        {
            Idct1D(ws.Slice(row * 8, 8), ConstBits + Pass1Bits + 3);
            Span<byte> dst = output.Slice(offset + row * stride, 8);
            for (int x = 0; x < 8; x++)
            {
                dst[x] = ClampSample(ws[row * 8 + x] + 128);
            }
        }
    }

    /// <summary>Fills the block with its only (DC) term; identical to the full transform when all AC terms are 0.</summary>
    public static void FillDc(int dcTimesQuant, Span<byte> output, int offset, int stride)
    {
        if (offset < 0 || stride < 8 || offset + 7 * stride + 8 > output.Length)
        {
            throw new ArgumentException("The 8x8 output area lies outside the plane.");
        }

        byte value = ClampSample((((dcTimesQuant << Pass1Bits) + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)) + 128);
        ulong row = value * 0x0101010101010101UL;
        ref byte o = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), offset);
        for (int y = 0; y < 8; y++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, y * stride), row);
        }
    }

    /// <summary>Clamps to 0..255.</summary>
    public static byte ClampSample(int x) => (byte)Math.Clamp(x, 0, 255);

    /// <summary>In-place 8-point inverse DCT of <paramref name="v"/> [8], scaled by 2^shift then descaled with rounding.</summary>
    private static void Idct1D(Span<int> v, int shift)
    {
        // Even part: inputs 0, 2, 4, 6.
        int z1 = (v[2] + v[6]) * Fix0_541196100;
        int tmp2 = z1 - v[6] * Fix1_847759065;
        int tmp3 = z1 + v[2] * Fix0_765366865;
        int tmp0 = (v[0] + v[4]) << ConstBits;
        int tmp1 = (v[0] - v[4]) << ConstBits;
        int tmp10 = tmp0 + tmp3;
        int tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2;
        int tmp12 = tmp1 - tmp2;

        // Odd part: inputs 7, 5, 3, 1.
        int o0 = v[7];
        int o1 = v[5];
        int o2 = v[3];
        int o3 = v[1];
        int za = o0 + o3;
        int zb = o1 + o2;
        int zc = o0 + o2;
        int zd = o1 + o3;
        int z5 = (zc + zd) * Fix1_175875602;
        o0 *= Fix0_298631336;
        o1 *= Fix2_053119869;
        o2 *= Fix3_072711026;
        o3 *= Fix1_501321110;
        za *= -Fix0_899976223;
        zb *= -Fix2_562915447;
        zc = zc * -Fix1_961570560 + z5;
        zd = zd * -Fix0_390180644 + z5;
        o0 += za + zc;
        o1 += zb + zd;
        o2 += zb + zc;
        o3 += za + zd;

        int round = 1 << (shift - 1);
        v[0] = (tmp10 + o3 + round) >> shift;
        v[7] = (tmp10 - o3 + round) >> shift;
        v[1] = (tmp11 + o2 + round) >> shift;
        v[6] = (tmp11 - o2 + round) >> shift;
        v[2] = (tmp12 + o1 + round) >> shift;
        v[5] = (tmp12 - o1 + round) >> shift;
        v[3] = (tmp13 + o0 + round) >> shift;
        v[4] = (tmp13 - o0 + round) >> shift;
    }
}
