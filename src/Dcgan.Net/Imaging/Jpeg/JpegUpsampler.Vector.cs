using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// AVX2 twins of the interior loops of <see cref="H2V1Row"/> and <see cref="H2V2Row"/>, bit-identical.
/// Lane scheme: 16 input samples per step, widened to Vector256&lt;short&gt; from three unaligned loads
/// (at x-1, x, x+1); even and odd outputs are computed in 16-bit lanes (at most 4088, no overflow),
/// interleaved with unpack low/high and packed to 32 bytes, which the per-128-bit-lane packing leaves in
/// order. Each kernel returns the first input column it did not process; the scalar loop finishes the row.
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

    private static int H2V2InteriorAvx2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> dst)
    {
        int width = near.Length;
        if (far.Length < width || dst.Length < 2 * width)
        {
            throw new ArgumentException("Rows are shorter than the near row.");
        }

        ref byte n = ref MemoryMarshal.GetReference(near);
        ref byte f = ref MemoryMarshal.GetReference(far);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        int x = 1;
        for (; x + 17 <= width; x += 16)
        {
            Vector256<short> previous = ColumnSum(ref n, ref f, x - 1);
            Vector256<short> current = ColumnSum(ref n, ref f, x);
            Vector256<short> next = ColumnSum(ref n, ref f, x + 1);
            Vector256<short> three = current + current + current;
            Vector256<short> even = Vector256.ShiftRightLogical(three + previous + Vector256.Create((short)8), 4);
            Vector256<short> odd = Vector256.ShiftRightLogical(three + next + Vector256.Create((short)7), 4);
            Store(even, odd, ref d, 2 * x);
        }

        return x;
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
