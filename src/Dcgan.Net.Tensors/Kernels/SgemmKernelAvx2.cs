using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// AVX2 + FMA micro-kernel: a 6 x 16 tile of C in 12 ymm accumulators (6 rows x 2 vectors of 8 lanes); per
/// k step 2 B vectors are loaded and 6 A values broadcast, using 15 of the 16 ymm registers. An 8-column
/// panel at the right edge uses the same body with one vector; ragged columns are stored through a lane
/// mask, ragged rows are computed on zero padding (or ignored rows of an operand read in place) and not stored.
/// The C tile is prefetched before the k loop.
/// </summary>
internal unsafe struct SgemmKernelAvx2 : ISgemmMicroKernel
{
    public static int Mr => 6;

    public static int Nr => 16;

    public static int PanelStep => 8;

    public static int Kc => 256;

    public static int Mc => 120;

    public static int Nc => 3072;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint aStride, float* b, nint bStride, int width, float* c, nint ldc, int rows, int cols, bool add)
    {
        if (width == 16)
        {
            Tile<TwoVectors>(kc, a, aStride, b, bStride, c, ldc, rows, cols, add);
        }
        else
        {
            Tile<OneVector>(kc, a, aStride, b, bStride, c, ldc, rows, cols, add);
        }
    }

    // One fully optimised copy, never inlined: tier-1 and OSR copies of callers would compile it differently.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TW>(int kc, float* a, nint aStride, float* b, nint bStride, float* c, nint ldc, int rows, int cols, bool add)
        where TW : struct, IPanelVectors
    {
        // C is touched only after the k loop; fetching its lines now hides their latency behind the loop.
        for (int r = 0; r < 6; r++)
        {
            Sse.Prefetch0(c + (r * ldc));
            Sse.Prefetch0(c + (r * ldc) + (TW.Count * 8) - 1);
        }

        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = TW.Count > 1 ? Vector256.Load(b + 8) : default;
            Row<TW>(Vector256.Create(a[0]), b0, b1, ref c00, ref c01);
            Row<TW>(Vector256.Create(a[1]), b0, b1, ref c10, ref c11);
            Row<TW>(Vector256.Create(a[2]), b0, b1, ref c20, ref c21);
            Row<TW>(Vector256.Create(a[3]), b0, b1, ref c30, ref c31);
            Row<TW>(Vector256.Create(a[4]), b0, b1, ref c40, ref c41);
            Row<TW>(Vector256.Create(a[5]), b0, b1, ref c50, ref c51);
            a += aStride;
            b += bStride;
        }

        Store<TW>(c, cols, add, c00, c01);
        if (rows > 1)
        {
            Store<TW>(c + ldc, cols, add, c10, c11);
        }

        if (rows > 2)
        {
            Store<TW>(c + (2 * ldc), cols, add, c20, c21);
        }

        if (rows > 3)
        {
            Store<TW>(c + (3 * ldc), cols, add, c30, c31);
        }

        if (rows > 4)
        {
            Store<TW>(c + (4 * ldc), cols, add, c40, c41);
        }

        if (rows > 5)
        {
            Store<TW>(c + (5 * ldc), cols, add, c50, c51);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TW>(
        Vector256<float> av, Vector256<float> b0, Vector256<float> b1, ref Vector256<float> c0, ref Vector256<float> c1)
        where TW : struct, IPanelVectors
    {
        c0 = Fma.MultiplyAdd(av, b0, c0);
        if (TW.Count > 1)
        {
            c1 = Fma.MultiplyAdd(av, b1, c1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TW>(float* c, int cols, bool add, Vector256<float> v0, Vector256<float> v1)
        where TW : struct, IPanelVectors
    {
        if (cols == TW.Count * 8)
        {
            StoreFull(c, add, v0);
            if (TW.Count > 1)
            {
                StoreFull(c + 8, add, v1);
            }

            return;
        }

        StorePart(c, cols, add, v0);
        if (TW.Count > 1)
        {
            StorePart(c + 8, cols - 8, add, v1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFull(float* c, bool add, Vector256<float> v)
    {
        if (add)
        {
            v = Vector256.Load(c) + v;
        }

        Vector256.Store(v, c);
    }

    private static void StorePart(float* c, int lanes, bool add, Vector256<float> v)
    {
        if (lanes <= 0)
        {
            return;
        }

        if (lanes >= 8)
        {
            StoreFull(c, add, v);
            return;
        }

        Vector256<float> mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(lanes)).AsSingle();
        if (add)
        {
            v = Avx.MaskLoad(c, mask) + v;
        }

        Avx.MaskStore(c, mask, v);
    }
}
