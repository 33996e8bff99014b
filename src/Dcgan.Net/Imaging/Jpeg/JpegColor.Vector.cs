using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// AVX2 twin of <see cref="YCbCrToRgbScalar"/>, bit-identical to it. Lane scheme: 16 pixels per step;
/// each 16-byte input is widened to two Vector256&lt;int&gt; (8 pixels each) so the 16.16 fixed-point
/// products and rounding shifts are exactly the scalar ones; results are packed back to 16 bytes per
/// channel with saturation (the clamp) and interleaved into 48 RGB bytes with byte shuffles.
/// The last width % 16 pixels go through the scalar code.
/// </summary>
internal static partial class JpegColor
{
    // For output chunk k (bytes 16k..16k+15 of 48) and channel c: source pixel index, or 0x80 (zero).
    private static readonly Vector128<byte>[] InterleaveMasks = BuildInterleaveMasks();

    private static void YCbCrToRgbAvx2(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        if (y.Length < width || cb.Length < width || cr.Length < width || rgb.Length < 3 * width)
        {
            throw new ArgumentException("Rows are shorter than the width.");
        }

        ref byte py = ref MemoryMarshal.GetReference(y);
        ref byte pcb = ref MemoryMarshal.GetReference(cb);
        ref byte pcr = ref MemoryMarshal.GetReference(cr);
        ref byte prgb = ref MemoryMarshal.GetReference(rgb);
        Vector128<byte>[] masks = InterleaveMasks;
        int x = 0;
        for (; x + 16 <= width; x += 16)
        {
            Vector128<byte> vy = Vector128.LoadUnsafe(ref py, (nuint)x);
            Vector128<byte> vcb = Vector128.LoadUnsafe(ref pcb, (nuint)x);
            Vector128<byte> vcr = Vector128.LoadUnsafe(ref pcr, (nuint)x);
            Convert8(Avx2.ConvertToVector256Int32(vy), Avx2.ConvertToVector256Int32(vcb), Avx2.ConvertToVector256Int32(vcr),
                out Vector256<int> r0, out Vector256<int> g0, out Vector256<int> b0);
            Convert8(Avx2.ConvertToVector256Int32(High(vy)), Avx2.ConvertToVector256Int32(High(vcb)), Avx2.ConvertToVector256Int32(High(vcr)),
                out Vector256<int> r1, out Vector256<int> g1, out Vector256<int> b1);
            Vector128<byte> r = Pack(r0, r1);
            Vector128<byte> g = Pack(g0, g1);
            Vector128<byte> b = Pack(b0, b1);
            for (int k = 0; k < 3; k++)
            {
                Vector128<byte> chunk = Ssse3.Shuffle(r, masks[3 * k]) | Ssse3.Shuffle(g, masks[3 * k + 1]) | Ssse3.Shuffle(b, masks[3 * k + 2]);
                chunk.StoreUnsafe(ref prgb, (nuint)(3 * x + 16 * k));
            }
        }

        if (x < width)
        {
            YCbCrToRgbScalar(y[x..], cb[x..], cr[x..], rgb[(3 * x)..], width - x);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Convert8(Vector256<int> y, Vector256<int> cb, Vector256<int> cr, out Vector256<int> r, out Vector256<int> g, out Vector256<int> b)
    {
        Vector256<int> center = Vector256.Create(128);
        Vector256<int> half = Vector256.Create(Half);
        cb -= center;
        cr -= center;
        r = y + ((cr * Vector256.Create(FixCrR) + half) >> ScaleBits);
        g = y + ((half - cb * Vector256.Create(FixCbG) - cr * Vector256.Create(FixCrG)) >> ScaleBits);
        b = y + ((cb * Vector256.Create(FixCbB) + half) >> ScaleBits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> High(Vector128<byte> v) => Sse2.ShiftRightLogical128BitLane(v, 8);

    /// <summary>Two vectors of 8 ints to 16 clamped bytes in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Pack(Vector256<int> lo, Vector256<int> hi)
    {
        // The 256-bit pack interleaves 128-bit halves; the 64-bit permutation restores pixel order.
        Vector256<short> words = Avx2.PackSignedSaturate(lo, hi);
        words = Avx2.Permute4x64(words.AsInt64(), 0b11_01_10_00).AsInt16();
        return Sse2.PackUnsignedSaturate(words.GetLower(), words.GetUpper());
    }

    private static Vector128<byte>[] BuildInterleaveMasks()
    {
        var masks = new Vector128<byte>[9];
        Span<byte> mask = stackalloc byte[16];
        for (int k = 0; k < 3; k++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int j = 0; j < 16; j++)
                {
                    int i = 16 * k + j;
                    mask[j] = i % 3 == c ? (byte)(i / 3) : (byte)0x80;
                }

                masks[3 * k + c] = Vector128.Create((ReadOnlySpan<byte>)mask);
            }
        }

        return masks;
    }
}
