using System.Runtime.Intrinsics;

namespace Dcgan.Net.Fid;

internal static unsafe partial class VectorOps
{
    /// <summary>Index of the first NaN or infinity, or −1. Checks a whole vector at a time (x − x is 0 only when x is finite).</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        int i = 0;
        fixed (float* p = values)
        {
            if (Dgemm.Level == SimdLevel.Vector512)
            {
                for (; i <= values.Length - 16; i += 16)
                {
                    var x = Vector512.Load(p + i);
                    if (!Vector512.EqualsAll(x - x, Vector512<float>.Zero))
                    {
                        break;
                    }
                }
            }
            else if (Dgemm.Level == SimdLevel.Vector256)
            {
                for (; i <= values.Length - 8; i += 8)
                {
                    var x = Vector256.Load(p + i);
                    if (!Vector256.EqualsAll(x - x, Vector256<float>.Zero))
                    {
                        break;
                    }
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first NaN or infinity, or −1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        int i = 0;
        fixed (double* p = values)
        {
            if (Dgemm.Level == SimdLevel.Vector512)
            {
                for (; i <= values.Length - 8; i += 8)
                {
                    var x = Vector512.Load(p + i);
                    if (!Vector512.EqualsAll(x - x, Vector512<double>.Zero))
                    {
                        break;
                    }
                }
            }
            else if (Dgemm.Level == SimdLevel.Vector256)
            {
                for (; i <= values.Length - 4; i += 4)
                {
                    var x = Vector256.Load(p + i);
                    if (!Vector256.EqualsAll(x - x, Vector256<double>.Zero))
                    {
                        break;
                    }
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>target[i] = (double)source[i] (exact).</summary>
    public static void Widen(ReadOnlySpan<float> source, Span<double> target)
    {
        int i = 0, n = source.Length;
        fixed (float* s = source)
        fixed (double* t = target)
        {
            if (Dgemm.Level == SimdLevel.Vector512)
            {
                for (; i <= n - 16; i += 16)
                {
                    var x = Vector512.Load(s + i);
                    Vector512.WidenLower(x).Store(t + i);
                    Vector512.WidenUpper(x).Store(t + i + 8);
                }
            }
            else if (Dgemm.Level == SimdLevel.Vector256)
            {
                for (; i <= n - 8; i += 8)
                {
                    var x = Vector256.Load(s + i);
                    Vector256.WidenLower(x).Store(t + i);
                    Vector256.WidenUpper(x).Store(t + i + 4);
                }
            }

            for (; i < n; i++)
            {
                t[i] = s[i];
            }
        }
    }

    /// <summary>y[i] += alpha·x[i] on spans of equal length.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        fixed (double* px = x, py = y)
        {
            Axpy(alpha, px, py, Math.Min(x.Length, y.Length));
        }
    }
}
