using System.Numerics;
using System.Runtime.Intrinsics;

namespace Dcgan.Net.Fid;

internal static unsafe partial class GeneralEigen
{
    private const int MaxSweepsPerValue = 60;
    private const double Unit = 1.1102230246251565e-16;

    // ‖H‖ here is the sum of all |h_ij| (cheap, at most n times the 2-norm); scaled back towards the 2-norm so the
    // absolute floor stays near LAPACK's ulp·‖H‖.
    private const double NormFloor = 1e-3;

    /// <summary>Eigenvalues of the upper Hessenberg matrix in <paramref name="h"/> (overwritten) by Francis double-shift QR.</summary>
    internal static Complex[] HessenbergEigenvalues(double[] h, int n)
    {
        var values = new Complex[n];
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = Math.Max(0, i - 1); j < n; j++)
            {
                norm += Math.Abs(h[((long)i * n) + j]);
            }
        }

        fixed (double* a = h)
        {
            int last = n - 1;
            double shiftSum = 0;
            int sweeps = 0;
            while (last >= 0)
            {
                int l = SmallSubdiagonal(a, n, last, norm);
                double x = a[((long)last * n) + last];
                if (l == last)
                {
                    values[last--] = x + shiftSum;
                    sweeps = 0;
                    continue;
                }

                double y = a[((long)(last - 1) * n) + last - 1];
                double w = a[((long)last * n) + last - 1] * a[((long)(last - 1) * n) + last];
                if (l == last - 1)
                {
                    (values[last - 1], values[last]) = TwoByTwo(x, y, w, shiftSum);
                    last -= 2;
                    sweeps = 0;
                    continue;
                }

                if (sweeps == MaxSweepsPerValue || !double.IsFinite(x))
                {
                    throw new ArithmeticException($"The Hessenberg QR iteration did not converge at eigenvalue {last} of {n}.");
                }

                if (sweeps is 10 or 20)
                {
                    // Exceptional shift (Wilkinson's ad hoc values) to break a cycle.
                    shiftSum += x;
                    for (int i = 0; i <= last; i++)
                    {
                        a[((long)i * n) + i] -= x;
                    }

                    double s = Math.Abs(a[((long)last * n) + last - 1]) + Math.Abs(a[((long)(last - 1) * n) + last - 2]);
                    x = y = 0.75 * s;
                    w = -0.4375 * s * s;
                }

                sweeps++;
                DoubleShiftSweep(a, n, l, last, x, y, w);
            }
        }

        return values;
    }

    /// <summary>The start of the unreduced block ending at <paramref name="last"/>; zeroes the negligible subdiagonal found.</summary>
    private static int SmallSubdiagonal(double* a, int n, int last, double norm)
    {
        for (int l = last; l >= 1; l--)
        {
            double s = Math.Abs(a[((long)(l - 1) * n) + l - 1]) + Math.Abs(a[((long)l * n) + l]);
            if (s == 0)
            {
                s = norm;
            }

            // Negligible against its neighbours, or against ‖H‖ (backward-stable either way; the second lets
            // eigenvalues far below ‖H‖ deflate).
            if (Math.Abs(a[((long)l * n) + l - 1]) <= Unit * Math.Max(s, norm * NormFloor))
            {
                a[((long)l * n) + l - 1] = 0;
                return l;
            }
        }

        return 0;
    }

    /// <summary>Eigenvalues of the trailing 2×2 block [[y, ·], [·, x]] with product of off-diagonals w.</summary>
    private static (Complex First, Complex Second) TwoByTwo(double x, double y, double w, double shiftSum)
    {
        double p = 0.5 * (y - x);
        double q = (p * p) + w;
        double z = Math.Sqrt(Math.Abs(q));
        x += shiftSum;
        if (q >= 0)
        {
            z = p + Math.CopySign(z, p);
            double second = z != 0 ? x - (w / z) : x + z;
            return (x + z, second);
        }

        return (new Complex(x + p, z), new Complex(x + p, -z));
    }

    /// <summary>One Francis double-shift sweep on rows/columns l..last, shifts given by x, y, w (trace and determinant data).</summary>
    private static void DoubleShiftSweep(double* a, int n, int l, int last, double x, double y, double w)
    {
        double p = 0, q = 0, r = 0;
        int m = last - 2;
        for (; m >= l; m--)
        {
            // First column of (H − σ₁)(H − σ₂), scaled; start where two consecutive subdiagonals are small enough.
            double z = a[((long)m * n) + m];
            double rr = x - z, ss = y - z;
            p = (((rr * ss) - w) / a[((long)(m + 1) * n) + m]) + a[((long)m * n) + m + 1];
            q = a[((long)(m + 1) * n) + m + 1] - z - rr - ss;
            r = a[((long)(m + 2) * n) + m + 1];
            double scale = Math.Abs(p) + Math.Abs(q) + Math.Abs(r);
            p /= scale;
            q /= scale;
            r /= scale;
            if (m == l)
            {
                break;
            }

            double u = Math.Abs(a[((long)m * n) + m - 1]) * (Math.Abs(q) + Math.Abs(r));
            double v = Math.Abs(p) * (Math.Abs(a[((long)(m - 1) * n) + m - 1]) + Math.Abs(z) + Math.Abs(a[((long)(m + 1) * n) + m + 1]));
            if (u <= Unit * v)
            {
                break;
            }
        }

        for (int i = m + 2; i <= last; i++)
        {
            a[((long)i * n) + i - 2] = 0;
            if (i != m + 2)
            {
                a[((long)i * n) + i - 3] = 0;
            }
        }

        for (int k = m; k <= last - 1; k++)
        {
            bool three = k != last - 1;
            double scale = 1;
            if (k != m)
            {
                p = a[((long)k * n) + k - 1];
                q = a[((long)(k + 1) * n) + k - 1];
                r = three ? a[((long)(k + 2) * n) + k - 1] : 0;
                scale = Math.Abs(p) + Math.Abs(q) + Math.Abs(r);
                if (scale == 0)
                {
                    continue;
                }

                p /= scale;
                q /= scale;
                r /= scale;
            }

            double s = Math.CopySign(Math.Sqrt((p * p) + (q * q) + (r * r)), p);
            if (s == 0)
            {
                continue;
            }

            if (k == m)
            {
                if (l != m)
                {
                    a[((long)k * n) + k - 1] = -a[((long)k * n) + k - 1];
                }
            }
            else
            {
                a[((long)k * n) + k - 1] = -s * scale;
            }

            // Reflector I − u uᵀ/(...) written as the factors x, y, z (row side) and 1, q, r (column side).
            p += s;
            double fx = p / s, fy = q / s, fz = r / s;
            q /= p;
            r /= p;
            ReflectRows(a + ((long)k * n) + k, n, last - k + 1, three, q, r, fx, fy, fz);
            int rowEnd = Math.Min(last, k + 3);
            for (int i = l; i <= rowEnd; i++)
            {
                double* row = a + ((long)i * n) + k;
                double t = (fx * row[0]) + (fy * row[1]);
                if (three)
                {
                    t += fz * row[2];
                    row[2] -= t * r;
                }

                row[1] -= t * q;
                row[0] -= t;
            }
        }
    }

    /// <summary>Rows k, k+1 (and k+2) over <paramref name="length"/> columns: t = r0 + q·r1 (+ r·r2); rᵢ −= t·(x, y, z).</summary>
    private static void ReflectRows(double* r0, int n, int length, bool three, double q, double r, double x, double y, double z)
    {
        double* r1 = r0 + n;
        double* r2 = r1 + n;
        int j = 0;
        if (Dgemm.Level == SimdLevel.Vector512)
        {
            var vq = Vector512.Create(q);
            var vr = Vector512.Create(three ? r : 0);
            var vx = Vector512.Create(x);
            var vy = Vector512.Create(y);
            var vz = Vector512.Create(z);
            for (; j <= length - 8; j += 8)
            {
                var a0 = Vector512.Load(r0 + j);
                var a1 = Vector512.Load(r1 + j);
                var t = Vector512.FusedMultiplyAdd(vq, a1, a0);
                if (three)
                {
                    var a2 = Vector512.Load(r2 + j);
                    t = Vector512.FusedMultiplyAdd(vr, a2, t);
                    Vector512.FusedMultiplyAdd(-t, vz, a2).Store(r2 + j);
                }

                Vector512.FusedMultiplyAdd(-t, vy, a1).Store(r1 + j);
                Vector512.FusedMultiplyAdd(-t, vx, a0).Store(r0 + j);
            }
        }

        for (; j < length; j++)
        {
            double t = r0[j] + (q * r1[j]);
            if (three)
            {
                t += r * r2[j];
                r2[j] -= t * z;
            }

            r1[j] -= t * y;
            r0[j] -= t * x;
        }
    }
}
