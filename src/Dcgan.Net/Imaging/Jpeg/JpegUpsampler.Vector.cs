using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// SIMD twins of <see cref="H2V1Row"/>'s interior loop (AVX2) and of <see cref="H2V2RowScalar"/> (AVX2 or
/// AVX-512), bit-identical. Lane scheme: 16 (32) input samples per step in Vector256 (Vector512) of
/// short, read with unaligned loads at x-1, x, x+1 (of samples, or of column sums); even and odd outputs
/// are computed in 16-bit lanes (at most 4088, no overflow), interleaved with unpack low/high and packed
/// to bytes, which the per-128-bit-lane packing leaves in order. The H2V1 kernel returns the first input
/// column it did not process, and the scalar loop finishes the row.
/// </summary>
internal static partial class JpegUpsampler
{
    private static int H2V1InteriorAvx2(ReadOnlySpan<byte> source, Span<byte> dst)
    {
        int width = source.Length;
        if (dst.Length < 2 * width)
        {
            throw new ArgumentException("Destination row is shorter than twice the source row.");
        }

        ref byte s = ref MemoryMarshal.GetReference(source);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        int x = 1;
        for (; x + 17 <= width; x += 16)
        {
            Vector256<short> previous = Widen(ref s, x - 1);
            Vector256<short> current = Widen(ref s, x);
            Vector256<short> next = Widen(ref s, x + 1);
            Vector256<short> three = current + current + current;
            Vector256<short> even = Vector256.ShiftRightLogical(three + previous + Vector256.Create((short)1), 2);
            Vector256<short> odd = Vector256.ShiftRightLogical(three + next + Vector256.Create((short)2), 2);
            Store(even, odd, ref d, 2 * x);
        }

        return x;
    }

    /// <summary>Narrowest row <see cref="H2V2RowVector"/> takes: one Vector256&lt;short&gt; of samples.</summary>
    private const int VectorRowMinimum = 16;

    /// <summary>
    /// <see cref="H2V2RowScalar"/> in two vector passes over a row of at least 16 samples: column sums
    /// 3 near + far into <paramref name="sums"/>[1..width], with the first and last sum repeated at 0 and
    /// width + 1 (which is exactly the scalar edge rule), then the horizontal blend of each sum with its
    /// neighbours. Both passes step 32 (AVX-512) or 16 (AVX2) samples and finish with one step aligned to
    /// the row's end, which recomputes a few samples with identical results instead of a scalar tail.
    /// </summary>
    private static void H2V2RowVector(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<short> sums, Span<byte> dst)
    {
        int width = near.Length;
        if (width < VectorRowMinimum || far.Length < width || sums.Length < width + 2 || dst.Length < 2 * width)
        {
            throw new ArgumentException("Rows are too short for the vector kernel.");
        }

        ref byte n = ref MemoryMarshal.GetReference(near);
        ref byte f = ref MemoryMarshal.GetReference(far);
        ref short s = ref MemoryMarshal.GetReference(sums);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        if (Avx512BW.IsSupported && width >= 32)
        {
            int last = width - 32;
            for (int x = 0; x < last; x += 32)
            {
                ColumnSums512(ref n, ref f, ref s, x);
            }

            ColumnSums512(ref n, ref f, ref s, last);
            RepeatEdgeSums(ref s, width);
            for (int x = 0; x < last; x += 32)
            {
                Blend512(ref s, ref d, x);
            }

            Blend512(ref s, ref d, last);
        }
        else
        {
            int last = width - 16;
            for (int x = 0; x < last; x += 16)
            {
                ColumnSums256(ref n, ref f, ref s, x);
            }

            ColumnSums256(ref n, ref f, ref s, last);
            RepeatEdgeSums(ref s, width);
            for (int x = 0; x < last; x += 16)
            {
                Blend256(ref s, ref d, x);
            }

            Blend256(ref s, ref d, last);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RepeatEdgeSums(ref short sums, int width)
    {
        sums = Unsafe.Add(ref sums, 1);
        Unsafe.Add(ref sums, width + 1) = Unsafe.Add(ref sums, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnSums256(ref byte near, ref byte far, ref short sums, int x) =>
        ColumnSum(ref near, ref far, x).StoreUnsafe(ref sums, (nuint)(x + 1));

    /// <summary>32 output samples from the sums of input columns x - 1 .. x + 16 (stored one place later).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blend256(ref short sums, ref byte dst, int x)
    {
        Vector256<short> previous = Vector256.LoadUnsafe(ref sums, (nuint)x);
        Vector256<short> current = Vector256.LoadUnsafe(ref sums, (nuint)(x + 1));
        Vector256<short> next = Vector256.LoadUnsafe(ref sums, (nuint)(x + 2));
        Vector256<short> three = current + current + current;
        Vector256<short> even = Vector256.ShiftRightLogical(three + previous + Vector256.Create((short)8), 4);
        Vector256<short> odd = Vector256.ShiftRightLogical(three + next + Vector256.Create((short)7), 4);
        Store(even, odd, ref dst, 2 * x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnSums512(ref byte near, ref byte far, ref short sums, int x)
    {
        Vector512<short> n = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref near, (nuint)x));
        Vector512<short> f = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref far, (nuint)x));
        (n + n + n + f).StoreUnsafe(ref sums, (nuint)(x + 1));
    }

    /// <summary>64 output samples; the unpacks and the pack work per 128-bit lane, which keeps them in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blend512(ref short sums, ref byte dst, int x)
    {
        Vector512<short> previous = Vector512.LoadUnsafe(ref sums, (nuint)x);
        Vector512<short> current = Vector512.LoadUnsafe(ref sums, (nuint)(x + 1));
        Vector512<short> next = Vector512.LoadUnsafe(ref sums, (nuint)(x + 2));
        Vector512<short> three = current + current + current;
        Vector512<short> even = Vector512.ShiftRightLogical(three + previous + Vector512.Create((short)8), 4);
        Vector512<short> odd = Vector512.ShiftRightLogical(three + next + Vector512.Create((short)7), 4);
        Vector512<short> low = Avx512BW.UnpackLow(even, odd);
        Vector512<short> high = Avx512BW.UnpackHigh(even, odd);
        Avx512BW.PackUnsignedSaturate(low, high).StoreUnsafe(ref dst, (nuint)(2 * x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Widen(ref byte source, int offset) =>
        Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source, (nuint)offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> ColumnSum(ref byte near, ref byte far, int offset)
    {
        Vector256<short> n = Widen(ref near, offset);
        return n + n + n + Widen(ref far, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<short> even, Vector256<short> odd, ref byte destination, int offset)
    {
        Vector256<short> low = Avx2.UnpackLow(even, odd);
        Vector256<short> high = Avx2.UnpackHigh(even, odd);
        Avx2.PackUnsignedSaturate(low, high).StoreUnsafe(ref destination, (nuint)offset);
    }
}
