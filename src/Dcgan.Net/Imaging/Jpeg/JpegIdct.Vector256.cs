using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// AVX2 twin of <see cref="TransformScalar"/>, bit-identical to it. Lane scheme: a block is eight
/// Vector256&lt;int&gt; rows. The column pass runs on the rows as loaded (lane j = column j, so one vector
/// operation advances all eight columns); an 8x8 transpose makes lane j = row j for the row pass; a second
/// transpose brings rows back for packing to bytes. There is no remainder: a block is always 8x8.
/// The rounding term is added to the even part before the odd terms, which is the same integer sum.
/// </summary>
internal static partial class JpegIdct
{
    /// <summary>True when <see cref="TransformAvx2"/> can run on this machine.</summary>
    public static bool Avx2Available => Avx2.IsSupported;

    /// <summary>AVX2 transform with the same contract as <see cref="TransformScalar"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // compiled on its own, its helpers inline and the rows stay in registers
    public static void TransformAvx2(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int offset, int stride)
    {
        if (coefficients.Length < 64 || quant.Length < 64 || offset < 0 || stride < 8 || offset + 7 * stride + 8 > output.Length)
        {
            throw new ArgumentException("A block needs 64 coefficients, 64 quantisation values and an 8x8 output area.");
        }

        ref short c = ref MemoryMarshal.GetReference(coefficients);
        ref int q = ref MemoryMarshal.GetReference(quant);
        Vector256<int> r0 = Load(ref c, ref q, 0);
        Vector256<int> r1 = Load(ref c, ref q, 1);
        Vector256<int> r2 = Load(ref c, ref q, 2);
        Vector256<int> r3 = Load(ref c, ref q, 3);
        Vector256<int> r4 = Load(ref c, ref q, 4);
        Vector256<int> r5 = Load(ref c, ref q, 5);
        Vector256<int> r6 = Load(ref c, ref q, 6);
        Vector256<int> r7 = Load(ref c, ref q, 7);

        // Both passes share one body (kept in this method so that the eight rows stay in registers):
        // the 1-D transform on every lane, then a transpose.
        for (int pass = 0; pass < 2; pass++)
        {
            int shift = pass == 0 ? ConstBits - Pass1Bits : ConstBits + Pass1Bits + 3;

            // Even part: inputs 0, 2, 4, 6.
            Vector256<int> z1 = (r2 + r6) * Vector256.Create(Fix0_541196100);
            Vector256<int> tmp2 = z1 - r6 * Vector256.Create(Fix1_847759065);
            Vector256<int> tmp3 = z1 + r2 * Vector256.Create(Fix0_765366865);
            Vector256<int> round = Vector256.Create(1 << (shift - 1));
            Vector256<int> tmp0 = ((r0 + r4) << ConstBits) + round;
            Vector256<int> tmp1 = ((r0 - r4) << ConstBits) + round;
            Vector256<int> tmp10 = tmp0 + tmp3;
            Vector256<int> tmp13 = tmp0 - tmp3;
            Vector256<int> tmp11 = tmp1 + tmp2;
            Vector256<int> tmp12 = tmp1 - tmp2;

            // Odd part: inputs 7, 5, 3, 1.
            Vector256<int> za = r7 + r1;
            Vector256<int> zb = r5 + r3;
            Vector256<int> zc = r7 + r3;
            Vector256<int> zd = r5 + r1;
            Vector256<int> z5 = (zc + zd) * Vector256.Create(Fix1_175875602);
            za *= Vector256.Create(-Fix0_899976223);
            zb *= Vector256.Create(-Fix2_562915447);
            zc = zc * Vector256.Create(-Fix1_961570560) + z5;
            zd = zd * Vector256.Create(-Fix0_390180644) + z5;
            Vector256<int> o0 = r7 * Vector256.Create(Fix0_298631336) + za + zc;
            Vector256<int> o1 = r5 * Vector256.Create(Fix2_053119869) + zb + zd;
            Vector256<int> o2 = r3 * Vector256.Create(Fix3_072711026) + zb + zc;
            Vector256<int> o3 = r1 * Vector256.Create(Fix1_501321110) + za + zd;

            r0 = (tmp10 + o3) >> shift;
            r7 = (tmp10 - o3) >> shift;
            r1 = (tmp11 + o2) >> shift;
            r6 = (tmp11 - o2) >> shift;
            r2 = (tmp12 + o1) >> shift;
            r5 = (tmp12 - o1) >> shift;
            r3 = (tmp13 + o0) >> shift;
            r4 = (tmp13 - o0) >> shift;

            Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        }

        Store(r0, r1, r2, r3, r4, r5, r6, r7, output, offset, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load(ref short c, ref int q, int row)
    {
        Vector128<short> coefficients = Vector128.LoadUnsafe(ref c, (nuint)(row * 8));
        return Avx2.ConvertToVector256Int32(coefficients) * Vector256.LoadUnsafe(ref q, (nuint)(row * 8));
    }

    /// <summary>
    /// <see cref="TransformAvx2"/> for blocks whose non-zero coefficients all lie in the upper-left 4x4
    /// (zig-zag positions 0-9 cover it). Inputs 4-7 of both passes are then zero (the column pass of an
    /// all-zero column is zero), so the same sums are formed without their zero terms.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void TransformAvx2UpperLeft(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int offset, int stride)
    {
        if (coefficients.Length < 64 || quant.Length < 64 || offset < 0 || stride < 8 || offset + 7 * stride + 8 > output.Length)
        {
            throw new ArgumentException("A block needs 64 coefficients, 64 quantisation values and an 8x8 output area.");
        }

        ref short c = ref MemoryMarshal.GetReference(coefficients);
        ref int q = ref MemoryMarshal.GetReference(quant);
        Vector256<int> r0 = Load(ref c, ref q, 0);
        Vector256<int> r1 = Load(ref c, ref q, 1);
        Vector256<int> r2 = Load(ref c, ref q, 2);
        Vector256<int> r3 = Load(ref c, ref q, 3);
        Vector256<int> r4 = default, r5 = default, r6 = default, r7 = default;
        for (int pass = 0; pass < 2; pass++)
        {
            int shift = pass == 0 ? ConstBits - Pass1Bits : ConstBits + Pass1Bits + 3;
            Vector256<int> z1 = r2 * Vector256.Create(Fix0_541196100);
            Vector256<int> tmp3 = z1 + r2 * Vector256.Create(Fix0_765366865);
            Vector256<int> tmp0 = (r0 << ConstBits) + Vector256.Create(1 << (shift - 1));
            Vector256<int> tmp10 = tmp0 + tmp3;
            Vector256<int> tmp13 = tmp0 - tmp3;
            Vector256<int> tmp11 = tmp0 + z1;
            Vector256<int> tmp12 = tmp0 - z1;

            Vector256<int> z5 = (r3 + r1) * Vector256.Create(Fix1_175875602);
            Vector256<int> za = r1 * Vector256.Create(-Fix0_899976223);
            Vector256<int> zb = r3 * Vector256.Create(-Fix2_562915447);
            Vector256<int> zc = r3 * Vector256.Create(-Fix1_961570560) + z5;
            Vector256<int> zd = r1 * Vector256.Create(-Fix0_390180644) + z5;
            Vector256<int> o0 = za + zc;
            Vector256<int> o1 = zb + zd;
            Vector256<int> o2 = r3 * Vector256.Create(Fix3_072711026) + zb + zc;
            Vector256<int> o3 = r1 * Vector256.Create(Fix1_501321110) + za + zd;

            r0 = (tmp10 + o3) >> shift;
            r7 = (tmp10 - o3) >> shift;
            r1 = (tmp11 + o2) >> shift;
            r6 = (tmp11 - o2) >> shift;
            r2 = (tmp12 + o1) >> shift;
            r5 = (tmp12 - o1) >> shift;
            r3 = (tmp13 + o0) >> shift;
            r4 = (tmp13 - o0) >> shift;
            Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        }

        Store(r0, r1, r2, r3, r4, r5, r6, r7, output, offset, stride);
    }

    /// <summary>8x8 transpose: interleave 32-bit pairs, then 64-bit pairs within 128-bit halves, then swap halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        Vector256<long> t0 = Avx2.UnpackLow(r0, r1).AsInt64();
        Vector256<long> t1 = Avx2.UnpackHigh(r0, r1).AsInt64();
        Vector256<long> t2 = Avx2.UnpackLow(r2, r3).AsInt64();
        Vector256<long> t3 = Avx2.UnpackHigh(r2, r3).AsInt64();
        Vector256<long> t4 = Avx2.UnpackLow(r4, r5).AsInt64();
        Vector256<long> t5 = Avx2.UnpackHigh(r4, r5).AsInt64();
        Vector256<long> t6 = Avx2.UnpackLow(r6, r7).AsInt64();
        Vector256<long> t7 = Avx2.UnpackHigh(r6, r7).AsInt64();
        Vector256<int> u0 = Avx2.UnpackLow(t0, t2).AsInt32();
        Vector256<int> u1 = Avx2.UnpackHigh(t0, t2).AsInt32();
        Vector256<int> u2 = Avx2.UnpackLow(t1, t3).AsInt32();
        Vector256<int> u3 = Avx2.UnpackHigh(t1, t3).AsInt32();
        Vector256<int> u4 = Avx2.UnpackLow(t4, t6).AsInt32();
        Vector256<int> u5 = Avx2.UnpackHigh(t4, t6).AsInt32();
        Vector256<int> u6 = Avx2.UnpackLow(t5, t7).AsInt32();
        Vector256<int> u7 = Avx2.UnpackHigh(t5, t7).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    /// <summary>Level shift, clamp and store eight rows of eight samples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(
        Vector256<int> r0, Vector256<int> r1, Vector256<int> r2, Vector256<int> r3,
        Vector256<int> r4, Vector256<int> r5, Vector256<int> r6, Vector256<int> r7, Span<byte> output, int offset, int stride)
    {
        // Saturating packs clamp exactly like ClampSample; they interleave 4-sample halves of the rows,
        // which the final permutation puts back in row order.
        Vector256<int> bias = Vector256.Create(128);
        Vector256<int> order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        Vector256<byte> top = Avx2.PackUnsignedSaturate(Avx2.PackSignedSaturate(r0 + bias, r1 + bias), Avx2.PackSignedSaturate(r2 + bias, r3 + bias));
        Vector256<byte> bottom = Avx2.PackUnsignedSaturate(Avx2.PackSignedSaturate(r4 + bias, r5 + bias), Avx2.PackSignedSaturate(r6 + bias, r7 + bias));
        Vector256<ulong> rows0 = Avx2.PermuteVar8x32(top.AsInt32(), order).AsUInt64();
        Vector256<ulong> rows1 = Avx2.PermuteVar8x32(bottom.AsInt32(), order).AsUInt64();
        ref byte o = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), offset);
        Unsafe.WriteUnaligned(ref o, rows0.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, stride), rows0.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 2 * stride), rows0.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 3 * stride), rows0.GetElement(3));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 4 * stride), rows1.GetElement(0));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 5 * stride), rows1.GetElement(1));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 6 * stride), rows1.GetElement(2));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 7 * stride), rows1.GetElement(3));
    }
}
