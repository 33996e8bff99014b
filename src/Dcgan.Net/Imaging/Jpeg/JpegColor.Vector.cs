using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>
/// AVX2 twin of <see cref="YCbCrToRgbScalar"/>, bit-identical to it. Lane scheme: 16 pixels per step in
/// Vector256&lt;short&gt;. Each 16.16 product is rewritten so that 16-bit multiplies give the same integer:
/// 1.402 = 1 + 26345/2^16 and 1.772 = 2 - 14942/2^16, where round(c K / 2^16) is formed as
/// (mulhi(2c, K) + 1) >> 1; the green sum -22554 Cb - 46802 Cr becomes -22554 Cb + 18734 Cr (one
/// multiply-add into 32-bit lanes, rounded and shifted) minus Cr. Results are packed to bytes with
/// saturation (the clamp) and interleaved into 48 RGB bytes with byte shuffles; the last width % 16
/// pixels go through the scalar code.
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
        Vector256<short> center = Vector256.Create((short)128);
        Vector256<short> one = Vector256.Create((short)1);
        Vector256<short> redK = Vector256.Create((short)(FixCrR - 65536));
        Vector256<short> blueK = Vector256.Create((short)(FixCbB - 131072));
        Vector256<short> greenK = Vector256.Create((-FixCbG & 0xFFFF) | ((65536 - FixCrG) << 16)).AsInt16();
        Vector256<int> half = Vector256.Create(Half);
        int x = 0;
        for (; x + 16 <= width; x += 16)
        {
            Vector256<short> l = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref py, (nuint)x));
            Vector256<short> b = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pcb, (nuint)x)) - center;
            Vector256<short> r = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pcr, (nuint)x)) - center;
            Vector256<short> red = l + r + Avx2.ShiftRightArithmetic(Avx2.MultiplyHigh(r + r, redK) + one, 1);
            Vector256<short> blue = l + b + b + Avx2.ShiftRightArithmetic(Avx2.MultiplyHigh(b + b, blueK) + one, 1);
            Vector256<int> greenLow = Avx2.ShiftRightArithmetic(Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(b, r), greenK) + half, ScaleBits);
            Vector256<int> greenHigh = Avx2.ShiftRightArithmetic(Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(b, r), greenK) + half, ScaleBits);
            Vector256<short> green = l - r + Avx2.PackSignedSaturate(greenLow, greenHigh);
            Vector128<byte> r8 = Sse2.PackUnsignedSaturate(red.GetLower(), red.GetUpper());
            Vector128<byte> g8 = Sse2.PackUnsignedSaturate(green.GetLower(), green.GetUpper());
            Vector128<byte> b8 = Sse2.PackUnsignedSaturate(blue.GetLower(), blue.GetUpper());
            for (int k = 0; k < 3; k++)
            {
                Vector128<byte> chunk = Ssse3.Shuffle(r8, masks[3 * k]) | Ssse3.Shuffle(g8, masks[3 * k + 1]) | Ssse3.Shuffle(b8, masks[3 * k + 2]);
                chunk.StoreUnsafe(ref prgb, (nuint)(3 * x + 16 * k));
            }
        }

        if (x < width)
        {
            YCbCrToRgbScalar(y[x..], cb[x..], cr[x..], rgb[(3 * x)..], width - x);
        }
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
