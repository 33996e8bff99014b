using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// AVX-512 micro-kernel: an 8 x 48 tile of C held in 24 zmm accumulators (8 rows x 3 vectors of 16 lanes).
/// Each k step loads 3 vectors of the B panel, broadcasts the 8 A values of that step one by one and issues
/// 24 FMAs, which keeps both FMA ports busy while 4 more registers hold the operands. Narrower panels at the
/// right edge of C (16 or 32 columns) use the same body with fewer vectors; ragged columns are stored with
/// a lane mask, ragged rows are computed on zero padding (or ignored rows of an operand read in place) and not
/// stored. The C tile is prefetched before the k loop.
/// </summary>
internal unsafe struct SgemmKernelAvx512 : ISgemmMicroKernel
{
    public static int Mr => 8;

    public static int Nr => 48;

    public static int PanelStep => 16;

    public static int Kc => 256;

    public static int Mc => 128;

    public static int Nc => 3072;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint aStride, float* b, nint bStride, int width, float* c, nint ldc, int rows, int cols, bool add)
    {
        switch (width)
        {
            case 48:
                Tile<ThreeVectors>(kc, a, aStride, b, bStride, c, ldc, rows, cols, add);
                break;
            case 32:
                Tile<TwoVectors>(kc, a, aStride, b, bStride, c, ldc, rows, cols, add);
                break;
            default:
                Tile<OneVector>(kc, a, aStride, b, bStride, c, ldc, rows, cols, add);
                break;
        }
    }

    // One fully optimised copy, never inlined: tier-1 and OSR copies of callers would compile it differently.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TW>(int kc, float* a, nint aStride, float* b, nint bStride, float* c, nint ldc, int rows, int cols, bool add)
        where TW : struct, IPanelVectors
    {
        // C is touched only after the k loop; fetching its lines now hides their latency behind the loop.
        for (int r = 0; r < 8; r++)
        {
            float* row = c + (r * ldc);
            Sse.Prefetch0(row);
            if (TW.Count > 1)
            {
                Sse.Prefetch0(row + 16);
            }

            if (TW.Count > 2)
            {
                Sse.Prefetch0(row + 32);
            }
        }

        Vector512<float> c00 = default, c01 = default, c02 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default;
        Vector512<float> c60 = default, c61 = default, c62 = default;
        Vector512<float> c70 = default, c71 = default, c72 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = TW.Count > 1 ? Vector512.Load(b + 16) : default;
            Vector512<float> b2 = TW.Count > 2 ? Vector512.Load(b + 32) : default;
            Row<TW>(Vector512.Create(a[0]), b0, b1, b2, ref c00, ref c01, ref c02);
            Row<TW>(Vector512.Create(a[1]), b0, b1, b2, ref c10, ref c11, ref c12);
            Row<TW>(Vector512.Create(a[2]), b0, b1, b2, ref c20, ref c21, ref c22);
            Row<TW>(Vector512.Create(a[3]), b0, b1, b2, ref c30, ref c31, ref c32);
            Row<TW>(Vector512.Create(a[4]), b0, b1, b2, ref c40, ref c41, ref c42);
            Row<TW>(Vector512.Create(a[5]), b0, b1, b2, ref c50, ref c51, ref c52);
            Row<TW>(Vector512.Create(a[6]), b0, b1, b2, ref c60, ref c61, ref c62);
            Row<TW>(Vector512.Create(a[7]), b0, b1, b2, ref c70, ref c71, ref c72);
            a += aStride;
            b += bStride;
        }

        Store<TW>(c, cols, add, c00, c01, c02);
        if (rows > 1)
        {
            Store<TW>(c + ldc, cols, add, c10, c11, c12);
        }

        if (rows > 2)
        {
            Store<TW>(c + (2 * ldc), cols, add, c20, c21, c22);
        }

        if (rows > 3)
        {
            Store<TW>(c + (3 * ldc), cols, add, c30, c31, c32);
        }

        if (rows > 4)
        {
            Store<TW>(c + (4 * ldc), cols, add, c40, c41, c42);
        }

        if (rows > 5)
        {
            Store<TW>(c + (5 * ldc), cols, add, c50, c51, c52);
        }

        if (rows > 6)
        {
            Store<TW>(c + (6 * ldc), cols, add, c60, c61, c62);
        }

        if (rows > 7)
        {
            Store<TW>(c + (7 * ldc), cols, add, c70, c71, c72);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TW>(
        Vector512<float> av, Vector512<float> b0, Vector512<float> b1, Vector512<float> b2,
        ref Vector512<float> c0, ref Vector512<float> c1, ref Vector512<float> c2)
        where TW : struct, IPanelVectors
    {
        c0 = Avx512F.FusedMultiplyAdd(av, b0, c0);
        if (TW.Count > 1)
        {
            c1 = Avx512F.FusedMultiplyAdd(av, b1, c1);
        }

        if (TW.Count > 2)
        {
            c2 = Avx512F.FusedMultiplyAdd(av, b2, c2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TW>(float* c, int cols, bool add, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2)
        where TW : struct, IPanelVectors
    {
        if (cols == TW.Count * 16)
        {
            StoreFull(c, add, v0);
            if (TW.Count > 1)
            {
                StoreFull(c + 16, add, v1);
            }

            if (TW.Count > 2)
            {
                StoreFull(c + 32, add, v2);
            }

            return;
        }

        StorePart(c, cols, add, v0);
        if (TW.Count > 1)
        {
            StorePart(c + 16, cols - 16, add, v1);
        }

        if (TW.Count > 2)
        {
            StorePart(c + 32, cols - 32, add, v2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFull(float* c, bool add, Vector512<float> v)
    {
        if (add)
        {
            v = Vector512.Load(c) + v;
        }

        Vector512.Store(v, c);
    }

    private static void StorePart(float* c, int lanes, bool add, Vector512<float> v)
    {
        if (lanes <= 0)
        {
            return;
        }

        if (lanes >= 16)
        {
            StoreFull(c, add, v);
            return;
        }

        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle();
        if (add)
        {
            v = Avx512F.MaskLoad(c, mask, Vector512<float>.Zero) + v;
        }

        Avx512F.MaskStore(c, mask, v);
    }
}
