using System.Buffers.Binary;
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
/// </summary>
internal static partial class JpegIdct
{
    /// <summary>True when <see cref="TransformAvx2"/> can run on this machine.</summary>
    public static bool Avx2Available => Avx2.IsSupported;

    /// <summary>AVX2 transform with the same contract as <see cref="TransformScalar"/>.</summary>
    public static void TransformAvx2(ReadOnlySpan<short> coefficients, ReadOnlySpan<int> quant, Span<byte> output, int offset, int stride)
    {
        if (coefficients.Length < 64 || quant.Length < 64)
        {
            throw new ArgumentException("A block needs 64 coefficients and 64 quantisation values.");
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

        Idct1D(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits - Pass1Bits);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Idct1D(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ConstBits + Pass1Bits + 3);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);

        Store4(r0, r1, r2, r3, output, offset, stride);
        Store4(r4, r5, r6, r7, output, offset + 4 * stride, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load(ref short c, ref int q, int row)
    {
        Vector128<short> coefficients = Vector128.LoadUnsafe(ref c, (nuint)(row * 8));
        return Avx2.ConvertToVector256Int32(coefficients) * Vector256.LoadUnsafe(ref q, (nuint)(row * 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Idct1D(
        ref Vector256<int> v0, ref Vector256<int> v1, ref Vector256<int> v2, ref Vector256<int> v3,
        ref Vector256<int> v4, ref Vector256<int> v5, ref Vector256<int> v6, ref Vector256<int> v7, int shift)
    {
        Vector256<int> z1 = (v2 + v6) * Vector256.Create(Fix0_541196100);
        Vector256<int> tmp2 = z1 - v6 * Vector256.Create(Fix1_847759065);
        Vector256<int> tmp3 = z1 + v2 * Vector256.Create(Fix0_765366865);
        Vector256<int> tmp0 = (v0 + v4) << ConstBits;
        Vector256<int> tmp1 = (v0 - v4) << ConstBits;
        Vector256<int> tmp10 = tmp0 + tmp3;
        Vector256<int> tmp13 = tmp0 - tmp3;
        Vector256<int> tmp11 = tmp1 + tmp2;
        Vector256<int> tmp12 = tmp1 - tmp2;

        Vector256<int> o0 = v7;
        Vector256<int> o1 = v5;
        Vector256<int> o2 = v3;
        Vector256<int> o3 = v1;
        Vector256<int> za = o0 + o3;
        Vector256<int> zb = o1 + o2;
        Vector256<int> zc = o0 + o2;
        Vector256<int> zd = o1 + o3;
        Vector256<int> z5 = (zc + zd) * Vector256.Create(Fix1_175875602);
        o0 *= Vector256.Create(Fix0_298631336);
        o1 *= Vector256.Create(Fix2_053119869);
        o2 *= Vector256.Create(Fix3_072711026);
        o3 *= Vector256.Create(Fix1_501321110);
        za *= Vector256.Create(-Fix0_899976223);
        zb *= Vector256.Create(-Fix2_562915447);
        zc = zc * Vector256.Create(-Fix1_961570560) + z5;
        zd = zd * Vector256.Create(-Fix0_390180644) + z5;
        o0 += za + zc;
        o1 += zb + zd;
        o2 += zb + zc;
        o3 += za + zd;

        Vector256<int> round = Vector256.Create(1 << (shift - 1));
        tmp10 += round;
        tmp11 += round;
        tmp12 += round;
        tmp13 += round;
        v0 = (tmp10 + o3) >> shift;
        v7 = (tmp10 - o3) >> shift;
        v1 = (tmp11 + o2) >> shift;
        v6 = (tmp11 - o2) >> shift;
        v2 = (tmp12 + o1) >> shift;
        v5 = (tmp12 - o1) >> shift;
        v3 = (tmp13 + o0) >> shift;
        v4 = (tmp13 - o0) >> shift;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        // Interleave 32-bit pairs, then 64-bit pairs within each 128-bit half, then swap halves.
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d, Span<byte> output, int offset, int stride)
    {
        Vector256<int> bias = Vector256.Create(128);

        // Saturating packs clamp exactly like ClampSample; they interleave 4-sample halves of the rows,
        // which the final permutation puts back in row order.
        Vector256<short> ab = Avx2.PackSignedSaturate(a + bias, b + bias);
        Vector256<short> cd = Avx2.PackSignedSaturate(c + bias, d + bias);
        Vector256<byte> bytes = Avx2.PackUnsignedSaturate(ab, cd);
        Vector256<ulong> rows = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).AsUInt64();
        BinaryPrimitives.WriteUInt64LittleEndian(output.Slice(offset, 8), rows.GetElement(0));
        BinaryPrimitives.WriteUInt64LittleEndian(output.Slice(offset + stride, 8), rows.GetElement(1));
        BinaryPrimitives.WriteUInt64LittleEndian(output.Slice(offset + 2 * stride, 8), rows.GetElement(2));
        BinaryPrimitives.WriteUInt64LittleEndian(output.Slice(offset + 3 * stride, 8), rows.GetElement(3));
    }
}
