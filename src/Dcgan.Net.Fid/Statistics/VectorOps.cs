using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Net.Fid;

/// <summary>
/// Level-1 double-precision helpers on pinned memory, using the same instruction-set level as <see cref="Dgemm"/>.
/// </summary>
/// <remarks>
/// Lanes: 8 (Vector512), 4 (Vector256) or 2 (Vector128) consecutive elements per step with a scalar tail; dot products keep one
/// partial sum per lane and add the lanes in a fixed order, so a result depends only on the length and the level.
/// </remarks>
internal static unsafe partial class VectorOps
{
    /// <summary>Σ x[i]·y[i].</summary>
    public static double Dot(double* x, double* y, int n)
    {
        int i = 0;
        double sum = 0;
        var level = Dgemm.Level;
        if (level == SimdLevel.Vector512 && n >= 8)
        {
            var acc = Vector512<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                acc = Vector512.FusedMultiplyAdd(Vector512.Load(x + i), Vector512.Load(y + i), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (level == SimdLevel.Vector256 && n >= 4)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + i), Vector256.Load(y + i), acc);
            }

            sum = Vector256.Sum(acc);
        }
        else if (level == SimdLevel.Vector128 && n >= 2)
        {
            var acc = Vector128<double>.Zero;
            for (; i <= n - 2; i += 2)
            {
                acc = DgemmKernels.MultiplyAdd(Vector128.Load(x + i), Vector128.Load(y + i), acc);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>y[i] += alpha·x[i].</summary>
    public static void Axpy(double alpha, double* x, double* y, int n)
    {
        int i = 0;
        var level = Dgemm.Level;
        if (level == SimdLevel.Vector512)
        {
            var a = Vector512.Create(alpha);
            for (; i <= n - 8; i += 8)
            {
                Vector512.FusedMultiplyAdd(a, Vector512.Load(x + i), Vector512.Load(y + i)).Store(y + i);
            }
        }
        else if (level == SimdLevel.Vector256)
        {
            var a = Vector256.Create(alpha);
            for (; i <= n - 4; i += 4)
            {
                Vector256.FusedMultiplyAdd(a, Vector256.Load(x + i), Vector256.Load(y + i)).Store(y + i);
            }
        }
        else if (level == SimdLevel.Vector128)
        {
            var a = Vector128.Create(alpha);
            for (; i <= n - 2; i += 2)
            {
                DgemmKernels.MultiplyAdd(a, Vector128.Load(x + i), Vector128.Load(y + i)).Store(y + i);
            }
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>
    /// One row of a symmetric matrix-vector product from upper storage: returns Σ a[i]·x[i] and adds xr·a[i] to y[i].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DotAndAxpy(double* a, double* x, double xr, double* y, int n)
    {
        int i = 0;
        double sum = 0;
        var level = Dgemm.Level;
        if (level == SimdLevel.Vector512 && n >= 8)
        {
            var acc = Vector512<double>.Zero;
            var s = Vector512.Create(xr);
            for (; i <= n - 8; i += 8)
            {
                var row = Vector512.Load(a + i);
                acc = Vector512.FusedMultiplyAdd(row, Vector512.Load(x + i), acc);
                Vector512.FusedMultiplyAdd(row, s, Vector512.Load(y + i)).Store(y + i);
            }

            sum = Vector512.Sum(acc);
        }
        else if (level == SimdLevel.Vector256 && n >= 4)
        {
            var acc = Vector256<double>.Zero;
            var s = Vector256.Create(xr);
            for (; i <= n - 4; i += 4)
            {
                var row = Vector256.Load(a + i);
                acc = Vector256.FusedMultiplyAdd(row, Vector256.Load(x + i), acc);
                Vector256.FusedMultiplyAdd(row, s, Vector256.Load(y + i)).Store(y + i);
            }

            sum = Vector256.Sum(acc);
        }
        else if (level == SimdLevel.Vector128 && n >= 2)
        {
            var acc = Vector128<double>.Zero;
            var s = Vector128.Create(xr);
            for (; i <= n - 2; i += 2)
            {
                var row = Vector128.Load(a + i);
                acc = DgemmKernels.MultiplyAdd(row, Vector128.Load(x + i), acc);
                DgemmKernels.MultiplyAdd(row, s, Vector128.Load(y + i)).Store(y + i);
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += a[i] * x[i];
            y[i] += a[i] * xr;
        }

        return sum;
    }

    /// <summary>Applies the plane rotation [c s; −s c] to rows x and y: x' = c·x − s·y, y' = s·x + c·y.</summary>
    public static void Rotate(double* x, double* y, int n, double c, double s)
    {
        int i = 0;
        var level = Dgemm.Level;
        if (level == SimdLevel.Vector512)
        {
            var vc = Vector512.Create(c);
            var vs = Vector512.Create(s);
            for (; i <= n - 8; i += 8)
            {
                var xi = Vector512.Load(x + i);
                var yi = Vector512.Load(y + i);
                Vector512.FusedMultiplyAdd(vc, xi, -(vs * yi)).Store(x + i);
                Vector512.FusedMultiplyAdd(vs, xi, vc * yi).Store(y + i);
            }
        }
        else if (level == SimdLevel.Vector256)
        {
            var vc = Vector256.Create(c);
            var vs = Vector256.Create(s);
            for (; i <= n - 4; i += 4)
            {
                var xi = Vector256.Load(x + i);
                var yi = Vector256.Load(y + i);
                Vector256.FusedMultiplyAdd(vc, xi, -(vs * yi)).Store(x + i);
                Vector256.FusedMultiplyAdd(vs, xi, vc * yi).Store(y + i);
            }
        }
        else if (level == SimdLevel.Vector128)
        {
            var vc = Vector128.Create(c);
            var vs = Vector128.Create(s);
            for (; i <= n - 2; i += 2)
            {
                var xi = Vector128.Load(x + i);
                var yi = Vector128.Load(y + i);
                ((vc * xi) - (vs * yi)).Store(x + i);
                ((vs * xi) + (vc * yi)).Store(y + i);
            }
        }

        for (; i < n; i++)
        {
            double xi = x[i], yi = y[i];
            x[i] = (c * xi) - (s * yi);
            y[i] = (s * xi) + (c * yi);
        }
    }
}
