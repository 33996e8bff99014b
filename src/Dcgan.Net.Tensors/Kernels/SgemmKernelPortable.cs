using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Portable micro-kernel on <see cref="Vector{T}"/> (whatever width the runtime gives it, 4 to 16 lanes):
/// a 4 x (2 vectors) tile in 8 accumulators, with fused multiply-add where the hardware has it (x86 FMA, ARM64
/// AdvSimd) and multiply then add elsewhere. Panels are always two vectors wide; ragged rows and columns go
/// through a small buffer on the stack.
/// </summary>
internal unsafe struct SgemmKernelPortable : ISgemmMicroKernel
{
    public static int Mr => 4;

    public static int Nr => 2 * Vector<float>.Count;

    public static int PanelStep => 2 * Vector<float>.Count;

    public static int Kc => 256;

    public static int Mc => 128;

    public static int Nc => 3072;

    // One fully optimised copy, never inlined: tier-1 and OSR copies of callers would compile it differently.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint aStride, float* b, nint bStride, int width, float* c, nint ldc, int rows, int cols, bool add)
    {
        int lanes = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default;
        Vector<float> c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default;
        Vector<float> c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector<float> b0 = Vector.Load(b);
            Vector<float> b1 = Vector.Load(b + lanes);
            Vector<float> av = new(a[0]);
            c00 = MulAdd(av, b0, c00);
            c01 = MulAdd(av, b1, c01);
            av = new Vector<float>(a[1]);
            c10 = MulAdd(av, b0, c10);
            c11 = MulAdd(av, b1, c11);
            av = new Vector<float>(a[2]);
            c20 = MulAdd(av, b0, c20);
            c21 = MulAdd(av, b1, c21);
            av = new Vector<float>(a[3]);
            c30 = MulAdd(av, b0, c30);
            c31 = MulAdd(av, b1, c31);
            a += aStride;
            b += bStride;
        }

        if (rows == 4 && cols == 2 * lanes)
        {
            StoreRow(c, add, c00, c01, lanes);
            StoreRow(c + ldc, add, c10, c11, lanes);
            StoreRow(c + (2 * ldc), add, c20, c21, lanes);
            StoreRow(c + (3 * ldc), add, c30, c31, lanes);
            return;
        }

        float* tile = stackalloc float[4 * 2 * lanes];
        int w = 2 * lanes;
        Vector.Store(c00, tile);
        Vector.Store(c01, tile + lanes);
        Vector.Store(c10, tile + w);
        Vector.Store(c11, tile + w + lanes);
        Vector.Store(c20, tile + (2 * w));
        Vector.Store(c21, tile + (2 * w) + lanes);
        Vector.Store(c30, tile + (3 * w));
        Vector.Store(c31, tile + (3 * w) + lanes);
        for (int r = 0; r < rows; r++)
        {
            float* row = c + (r * ldc);
            for (int j = 0; j < cols; j++)
            {
                row[j] = add ? row[j] + tile[(r * w) + j] : tile[(r * w) + j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> MulAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, bool add, Vector<float> v0, Vector<float> v1, int lanes)
    {
        if (add)
        {
            v0 += Vector.Load(c);
            v1 += Vector.Load(c + lanes);
        }

        Vector.Store(v0, c);
        Vector.Store(v1, c + lanes);
    }
}
