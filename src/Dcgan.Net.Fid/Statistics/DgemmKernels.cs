using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Fid;

/// <summary>
/// Register kernels of <see cref="Dgemm"/>: <c>C[MR, NR] += Apack · Bpack</c> over kc steps, where Apack holds MR values
/// per step (one row sliver) and Bpack NR values per step (one column sliver).
/// </summary>
/// <remarks>
/// Lanes: Vector512 keeps an 8×24 tile in 24 zmm accumulators (8 rows × 3 vectors of 8 columns); each step loads three
/// B vectors and broadcasts eight A values. Vector256 keeps 6×8 in 12 ymm accumulators (the AVX2 register file has 16).
/// Vector128 keeps 4×4 in 8 xmm accumulators (fused multiply-add only where the machine has FMA). The scalar kernel is 4×4. Edge tiles (fewer rows or columns) run the same kernel into a zeroed scratch tile and add
/// the valid part, so results never depend on where a tile edge falls.
/// </remarks>
internal static unsafe class DgemmKernels
{
    /// <summary>MR and NR of a level's kernel.</summary>
    public static (int MR, int NR) TileShape(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => (8, 24),
        SimdLevel.Vector256 => (6, 8),
        _ => (4, 4),
    };

    /// <summary>Adds the product of one A sliver and one B sliver into the top-left rows×cols of C.</summary>
    public static void Run(SimdLevel level, int kc, double* a, double* b, double* c, int ldc, int rows, int cols)
    {
        var (mr, nr) = TileShape(level);
        if (rows == mr && cols == nr)
        {
            RunFull(level, kc, a, b, c, ldc);
            return;
        }

        double* scratch = stackalloc double[8 * 24];
        new Span<double>(scratch, mr * nr).Clear();
        RunFull(level, kc, a, b, scratch, nr);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                c[((long)i * ldc) + j] += scratch[(i * nr) + j];
            }
        }
    }

    private static void RunFull(SimdLevel level, int kc, double* a, double* b, double* c, int ldc)
    {
        switch (level)
        {
            case SimdLevel.Vector512:
                Kernel8x24(kc, a, b, c, ldc);
                break;
            case SimdLevel.Vector256:
                Kernel6x8(kc, a, b, c, ldc);
                break;
            case SimdLevel.Vector128:
                Kernel4x4Vector128(kc, a, b, c, ldc);
                break;
            default:
                Kernel4x4(kc, a, b, c, ldc);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8x24(int kc, double* a, double* b, double* c, int ldc)
    {
        Vector512<double> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<double> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector512<double> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        Vector512<double> c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        for (int p = 0; p < kc; p++, a += 8, b += 24)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 8);
            var b2 = Vector512.Load(b + 16);
            var t = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(t, b0, c00); c01 = Vector512.FusedMultiplyAdd(t, b1, c01); c02 = Vector512.FusedMultiplyAdd(t, b2, c02);
            t = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(t, b0, c10); c11 = Vector512.FusedMultiplyAdd(t, b1, c11); c12 = Vector512.FusedMultiplyAdd(t, b2, c12);
            t = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(t, b0, c20); c21 = Vector512.FusedMultiplyAdd(t, b1, c21); c22 = Vector512.FusedMultiplyAdd(t, b2, c22);
            t = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(t, b0, c30); c31 = Vector512.FusedMultiplyAdd(t, b1, c31); c32 = Vector512.FusedMultiplyAdd(t, b2, c32);
            t = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(t, b0, c40); c41 = Vector512.FusedMultiplyAdd(t, b1, c41); c42 = Vector512.FusedMultiplyAdd(t, b2, c42);
            t = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(t, b0, c50); c51 = Vector512.FusedMultiplyAdd(t, b1, c51); c52 = Vector512.FusedMultiplyAdd(t, b2, c52);
            t = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(t, b0, c60); c61 = Vector512.FusedMultiplyAdd(t, b1, c61); c62 = Vector512.FusedMultiplyAdd(t, b2, c62);
            t = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(t, b0, c70); c71 = Vector512.FusedMultiplyAdd(t, b1, c71); c72 = Vector512.FusedMultiplyAdd(t, b2, c72);
        }

        AddRow512(c, c00, c01, c02);
        AddRow512(c + ldc, c10, c11, c12);
        AddRow512(c + (2 * ldc), c20, c21, c22);
        AddRow512(c + (3 * ldc), c30, c31, c32);
        AddRow512(c + (4 * ldc), c40, c41, c42);
        AddRow512(c + (5 * ldc), c50, c51, c52);
        AddRow512(c + (6 * ldc), c60, c61, c62);
        AddRow512(c + (7 * ldc), c70, c71, c72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow512(double* row, Vector512<double> x0, Vector512<double> x1, Vector512<double> x2)
    {
        (Vector512.Load(row) + x0).Store(row);
        (Vector512.Load(row + 8) + x1).Store(row + 8);
        (Vector512.Load(row + 16) + x2).Store(row + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x8(int kc, double* a, double* b, double* c, int ldc)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++, a += 6, b += 8)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 4);
            var t = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(t, b0, c00); c01 = Vector256.FusedMultiplyAdd(t, b1, c01);
            t = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(t, b0, c10); c11 = Vector256.FusedMultiplyAdd(t, b1, c11);
            t = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(t, b0, c20); c21 = Vector256.FusedMultiplyAdd(t, b1, c21);
            t = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(t, b0, c30); c31 = Vector256.FusedMultiplyAdd(t, b1, c31);
            t = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(t, b0, c40); c41 = Vector256.FusedMultiplyAdd(t, b1, c41);
            t = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(t, b0, c50); c51 = Vector256.FusedMultiplyAdd(t, b1, c51);
        }

        AddRow256(c, c00, c01);
        AddRow256(c + ldc, c10, c11);
        AddRow256(c + (2 * ldc), c20, c21);
        AddRow256(c + (3 * ldc), c30, c31);
        AddRow256(c + (4 * ldc), c40, c41);
        AddRow256(c + (5 * ldc), c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow256(double* row, Vector256<double> x0, Vector256<double> x1)
    {
        (Vector256.Load(row) + x0).Store(row);
        (Vector256.Load(row + 4) + x1).Store(row + 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x4Vector128(int kc, double* a, double* b, double* c, int ldc)
    {
        Vector128<double> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector128<double> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++, a += 4, b += 4)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 2);
            var t = Vector128.Create(a[0]);
            c00 = MultiplyAdd(t, b0, c00); c01 = MultiplyAdd(t, b1, c01);
            t = Vector128.Create(a[1]);
            c10 = MultiplyAdd(t, b0, c10); c11 = MultiplyAdd(t, b1, c11);
            t = Vector128.Create(a[2]);
            c20 = MultiplyAdd(t, b0, c20); c21 = MultiplyAdd(t, b1, c21);
            t = Vector128.Create(a[3]);
            c30 = MultiplyAdd(t, b0, c30); c31 = MultiplyAdd(t, b1, c31);
        }

        AddRow128(c, c00, c01);
        AddRow128(c + ldc, c10, c11);
        AddRow128(c + (2 * ldc), c20, c21);
        AddRow128(c + (3 * ldc), c30, c31);
    }

    /// <summary>x·y + z, fused where the hardware can (the check folds to a constant in optimised code).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<double> MultiplyAdd(Vector128<double> x, Vector128<double> y, Vector128<double> z) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, z) : (x * y) + z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRow128(double* row, Vector128<double> x0, Vector128<double> x1)
    {
        (Vector128.Load(row) + x0).Store(row);
        (Vector128.Load(row + 2) + x1).Store(row + 2);
    }

    private static void Kernel4x4(int kc, double* a, double* b, double* c, int ldc)
    {
        double* acc = stackalloc double[16];
        new Span<double>(acc, 16).Clear();
        for (int p = 0; p < kc; p++, a += 4, b += 4)
        {
            for (int i = 0; i < 4; i++)
            {
                double ai = a[i];
                for (int j = 0; j < 4; j++)
                {
                    acc[(i * 4) + j] += ai * b[j];
                }
            }
        }

        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                c[((long)i * ldc) + j] += acc[(i * 4) + j];
            }
        }
    }
}
