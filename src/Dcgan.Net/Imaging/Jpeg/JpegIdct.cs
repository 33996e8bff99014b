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
        if (coefficients.Length < 64 || quant.Length < 64 || offset < 0 || stride < 8 || offset + 7 * stride + 8 > output.Length)
        {
            throw new ArgumentException("A block needs 64 coefficients, 64 quantisation values and an 8x8 output area.");
        }

        Span<int> ws = stackalloc int[64]; // [8 rows, 8 columns] after the column pass
        for (int col = 0; col < 8; col++)
        {
            Idct1D(
                coefficients[col] * quant[col], coefficients[8 + col] * quant[8 + col],
                coefficients[16 + col] * quant[16 + col], coefficients[24 + col] * quant[24 + col],
                coefficients[32 + col] * quant[32 + col], coefficients[40 + col] * quant[40 + col],
                coefficients[48 + col] * quant[48 + col], coefficients[56 + col] * quant[56 + col],
                ConstBits - Pass1Bits, ws[col..], 8);
        }

        Span<int> row = stackalloc int[8];
        for (int y = 0; y < 8; y++)
        {
            ReadOnlySpan<int> w = ws.Slice(y * 8, 8);
            Idct1D(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], ConstBits + Pass1Bits + 3, row, 1);
            Span<byte> dst = output.Slice(offset + y * stride, 8);
            for (int x = 0; x < 8; x++)
            {
                dst[x] = ClampSample(row[x] + 128);
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

    /// <summary>
    /// 8-point inverse DCT of (<paramref name="v0"/>..<paramref name="v7"/>) scaled by 2^shift, descaled with
    /// rounding and written to <paramref name="result"/>[i * <paramref name="step"/>].
    /// </summary>
    private static void Idct1D(int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7, int shift, Span<int> result, int step)
    {
        // Even part: inputs 0, 2, 4, 6.
        int z1 = (v2 + v6) * Fix0_541196100;
        int tmp2 = z1 - v6 * Fix1_847759065;
        int tmp3 = z1 + v2 * Fix0_765366865;
        int round = 1 << (shift - 1);
        int tmp0 = ((v0 + v4) << ConstBits) + round;
        int tmp1 = ((v0 - v4) << ConstBits) + round;
        int tmp10 = tmp0 + tmp3;
        int tmp13 = tmp0 - tmp3;
        int tmp11 = tmp1 + tmp2;
        int tmp12 = tmp1 - tmp2;

        // Odd part: inputs 7, 5, 3, 1.
        int za = (v7 + v1) * -Fix0_899976223;
        int zb = (v5 + v3) * -Fix2_562915447;
        int zc = v7 + v3;
        int zd = v5 + v1;
        int z5 = (zc + zd) * Fix1_175875602;
        zc = zc * -Fix1_961570560 + z5;
        zd = zd * -Fix0_390180644 + z5;
        int o0 = v7 * Fix0_298631336 + za + zc;
        int o1 = v5 * Fix2_053119869 + zb + zd;
        int o2 = v3 * Fix3_072711026 + zb + zc;
        int o3 = v1 * Fix1_501321110 + za + zd;

        result[0] = (tmp10 + o3) >> shift;
        result[7 * step] = (tmp10 - o3) >> shift;
        result[step] = (tmp11 + o2) >> shift;
        result[6 * step] = (tmp11 - o2) >> shift;
        result[2 * step] = (tmp12 + o1) >> shift;
        result[5 * step] = (tmp12 - o1) >> shift;
        result[3 * step] = (tmp13 + o0) >> shift;
        result[4 * step] = (tmp13 - o0) >> shift;
    }
}
