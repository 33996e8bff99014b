using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Transposes 8 rows of a row-major matrix into k-major order with 8 x 8 AVX transposes (unpack pairs of rows,
/// shuffle quads, then swap 128-bit halves, so each output vector is one column). Packs non-transposed A
/// panels and transposed B panels. It only moves values, so the result is the same bits as a scalar loop.
/// </summary>
internal static unsafe class SgemmTranspose
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary><c>dst[p * dstStride + i] = src[i * ld + p]</c> for i &lt; 8, p &lt; kc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack8Rows(float* src, nint ld, int kc, float* dst, nint dstStride)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8, dst += 8 * dstStride)
        {
            float* s = src + p;
            Vector256<float> t0 = Avx.UnpackLow(Vector256.Load(s), Vector256.Load(s + ld));
            Vector256<float> t1 = Avx.UnpackHigh(Vector256.Load(s), Vector256.Load(s + ld));
            Vector256<float> t2 = Avx.UnpackLow(Vector256.Load(s + (2 * ld)), Vector256.Load(s + (3 * ld)));
            Vector256<float> t3 = Avx.UnpackHigh(Vector256.Load(s + (2 * ld)), Vector256.Load(s + (3 * ld)));
            Vector256<float> t4 = Avx.UnpackLow(Vector256.Load(s + (4 * ld)), Vector256.Load(s + (5 * ld)));
            Vector256<float> t5 = Avx.UnpackHigh(Vector256.Load(s + (4 * ld)), Vector256.Load(s + (5 * ld)));
            Vector256<float> t6 = Avx.UnpackLow(Vector256.Load(s + (6 * ld)), Vector256.Load(s + (7 * ld)));
            Vector256<float> t7 = Avx.UnpackHigh(Vector256.Load(s + (6 * ld)), Vector256.Load(s + (7 * ld)));

            Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44);
            Vector256<float> s1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44);
            Vector256<float> s3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44);
            Vector256<float> s5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44);
            Vector256<float> s7 = Avx.Shuffle(t5, t7, 0xEE);

            Vector256.Store(Avx.Permute2x128(s0, s4, 0x20), dst);
            Vector256.Store(Avx.Permute2x128(s1, s5, 0x20), dst + dstStride);
            Vector256.Store(Avx.Permute2x128(s2, s6, 0x20), dst + (2 * dstStride));
            Vector256.Store(Avx.Permute2x128(s3, s7, 0x20), dst + (3 * dstStride));
            Vector256.Store(Avx.Permute2x128(s0, s4, 0x31), dst + (4 * dstStride));
            Vector256.Store(Avx.Permute2x128(s1, s5, 0x31), dst + (5 * dstStride));
            Vector256.Store(Avx.Permute2x128(s2, s6, 0x31), dst + (6 * dstStride));
            Vector256.Store(Avx.Permute2x128(s3, s7, 0x31), dst + (7 * dstStride));
        }

        for (; p < kc; p++, dst += dstStride)
        {
            for (int i = 0; i < 8; i++)
            {
                dst[i] = src[(i * ld) + p];
            }
        }
    }
}
