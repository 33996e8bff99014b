using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// AVX-512 (BW + VBMI) twin of <see cref="YCbCrToRgbScalar"/>, bit-identical to it: the arithmetic of
/// <c>JpegColor.Vector.cs</c> on 32 pixels per step in Vector512&lt;short&gt;. The saturating packs
/// (the clamp) leave red and green interleaved per 128-bit lane and blue likewise; two cross-lane byte
/// permutes (VPERMT2B) pick the 96 interleaved RGB bytes straight from them.
/// </summary>
internal static partial class JpegColor
{
    // Byte k of the output (k < 96) comes from the red/green pack (index < 64) or the blue pack (64 + index).
    private static readonly Vector512<byte> RgbIndicesLow = BuildRgbIndices(0);
    private static readonly Vector512<byte> RgbIndicesHigh = BuildRgbIndices(64);

    /// <summary>True when <see cref="YCbCrToRgbAvx512"/> can run on this machine.</summary>
    public static bool Avx512Available => Avx512BW.IsSupported && Avx512Vbmi.IsSupported;

    /// <summary>
    /// Converts a row of at least 32 pixels, the last step aligned to the row's end (recomputing a few
    /// pixels with identical results); returns how many it converted (the width, or 0 for narrower rows).
    /// </summary>
    private static int YCbCrToRgbAvx512(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        if (y.Length < width || cb.Length < width || cr.Length < width || rgb.Length < 3 * width)
        {
            throw new ArgumentException("Rows are shorter than the width.");
        }

        ref byte py = ref MemoryMarshal.GetReference(y);
        ref byte pcb = ref MemoryMarshal.GetReference(cb);
        ref byte pcr = ref MemoryMarshal.GetReference(cr);
        ref byte prgb = ref MemoryMarshal.GetReference(rgb);
        Vector512<byte> indicesLow = RgbIndicesLow;
        Vector512<byte> indicesHigh = RgbIndicesHigh;
        Vector512<short> center = Vector512.Create((short)128);
        Vector512<short> one = Vector512.Create((short)1);
        Vector512<short> redK = Vector512.Create((short)(FixCrR - 65536));
        Vector512<short> blueK = Vector512.Create((short)(FixCbB - 131072));
        Vector512<short> greenK = Vector512.Create((-FixCbG & 0xFFFF) | ((65536 - FixCrG) << 16)).AsInt16();
        Vector512<int> half = Vector512.Create(Half);
        if (width < 32)
        {
            return 0;
        }

        int last = width - 32;
        for (int x = 0; ; x = Math.Min(x + 32, last))
        {
            Vector512<short> l = Widen(ref py, x);
            Vector512<short> b = Widen(ref pcb, x) - center;
            Vector512<short> r = Widen(ref pcr, x) - center;
            Vector512<short> red = l + r + Avx512BW.ShiftRightArithmetic(Avx512BW.MultiplyHigh(r + r, redK) + one, 1);
            Vector512<short> blue = l + b + b + Avx512BW.ShiftRightArithmetic(Avx512BW.MultiplyHigh(b + b, blueK) + one, 1);
            Vector512<int> greenLow = Avx512F.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(b, r), greenK) + half, ScaleBits);
            Vector512<int> greenHigh = Avx512F.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(b, r), greenK) + half, ScaleBits);
            Vector512<short> green = l - r + Avx512BW.PackSignedSaturate(greenLow, greenHigh);
            Vector512<byte> redGreen = Avx512BW.PackUnsignedSaturate(red, green);
            Vector512<byte> blues = Avx512BW.PackUnsignedSaturate(blue, blue);
            Avx512Vbmi.PermuteVar64x8x2(redGreen, indicesLow, blues).StoreUnsafe(ref prgb, (nuint)(3 * x));
            Avx512Vbmi.PermuteVar64x8x2(redGreen, indicesHigh, blues).GetLower().StoreUnsafe(ref prgb, (nuint)(3 * x + 64));
            if (x == last)
            {
                return width;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Widen(ref byte source, int offset) =>
        Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref source, (nuint)offset));

    /// <summary>
    /// Permute indices for output bytes <paramref name="first"/>..+63 of 32 pixels. After the packs, the
    /// red of pixel p is byte 16 (p / 8) + p % 8 of the red/green vector and its green 8 bytes later; its
    /// blue is byte 16 (p / 8) + p % 8 of the blue vector (index + 64 selects that second table).
    /// </summary>
    private static Vector512<byte> BuildRgbIndices(int first)
    {
        Span<byte> indices = stackalloc byte[64];
        for (int j = 0; j < 64; j++)
        {
            int k = Math.Min(first + j, 95);
            int pixel = k / 3;
            int packed = (16 * (pixel / 8)) + (pixel % 8);
            indices[j] = (byte)((k % 3) switch
            {
                0 => packed,
                1 => packed + 8,
                _ => 64 + packed,
            });
        }

        return Vector512.Create((ReadOnlySpan<byte>)indices);
    }
}
