using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Net.Fid;

/// <summary>
/// Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by the implicit QL method with
/// Wilkinson shifts (Wilkinson and Reinsch's tql2 scheme): each sweep chases a bulge up the unreduced block with plane
/// rotations until the bottom off-diagonal element is negligible against its neighbours on the diagonal.
/// </summary>
/// <remarks>
/// Eigenvectors are kept as rows (Zᵀ), so a rotation of T's indices i, i+1 combines two contiguous rows. Rotations are
/// recorded and applied in batches, one column strip per work item: a strip of every row stays in cache while the
/// whole batch runs over it. Every element sees the same operations in the same order however the strips are cut
/// or scheduled, so the result equals immediate application and does not depend on the thread count.
/// </remarks>
internal static unsafe class TridiagonalQl
{
    private const int MaxSweepsPerValue = 60;
    private const int StripWidth = 64;
    private const double Unit = 1.1102230246251565e-16;

    /// <summary>
    /// Diagonalises T = tridiag(e, d, e) in place: on return <paramref name="d"/> holds the eigenvalues in ascending
    /// order. With <paramref name="vectorRows"/> [n, n] (identity, or the rows of any orthogonal basis), its rows are
    /// rotated along and permuted with the eigenvalues, so row i becomes the eigenvector of value i.
    /// </summary>
    /// <param name="d">Diagonal [n]; becomes the eigenvalues.</param>
    /// <param name="e">Off-diagonal [n − 1]; destroyed.</param>
    /// <param name="vectorRows">Null for eigenvalues only.</param>
    /// <exception cref="ArithmeticException">A value did not converge within 60 sweeps (NaN input, in practice).</exception>
    public static void Solve(double[] d, double[] e, double[]? vectorRows)
    {
        int n = d.Length;
        var off = new double[n];
        Array.Copy(e, off, Math.Min(e.Length, n - 1));
        var batch = vectorRows is null ? null : new RotationBatch(vectorRows, n);

        // An off-diagonal element is negligible against its neighbours or against ‖T‖: the reduction to T already
        // carries errors of that size, and a purely local test never deflates eigenvalues far below ‖T‖ (rank-deficient
        // covariances), whose sweeps then stall at rounding noise.
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            norm = Math.Max(norm, Math.Abs(d[i]) + Math.Abs(off[i]) + (i > 0 ? Math.Abs(off[i - 1]) : 0));
        }

        // Scale by a power of two (exact) to ‖T‖ ≈ 1, so plain √(f² + g²) neither overflows nor underflows.
        int exponent = norm > 0 && double.IsFinite(norm) ? Math.ILogB(norm) : 0;
        ScaleBy(d, off, -exponent);
        double floor = Unit * Math.ScaleB(norm, -exponent);
        for (int l = 0; l < n; l++)
        {
            for (int sweep = 0; ; sweep++)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double scale = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(off[m]) <= Math.Max(floor, Unit * scale))
                    {
                        break;
                    }
                }

                if (m == l)
                {
                    break;
                }

                if (sweep == MaxSweepsPerValue || !double.IsFinite(d[l]) || !double.IsFinite(off[l]))
                {
                    throw new ArithmeticException($"The tridiagonal QL iteration did not converge for eigenvalue {l} of {n}.");
                }

                Sweep(d, off, l, m, batch);
            }
        }

        batch?.Flush();
        ScaleBy(d, off, exponent);
        SortAscending(d, vectorRows, n);
    }

    private static void ScaleBy(double[] d, double[] off, int exponent)
    {
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.ScaleB(d[i], exponent);
            off[i] = Math.ScaleB(off[i], exponent);
        }
    }

    /// <summary>One implicit shifted QL step on the unreduced block l..m.</summary>
    private static void Sweep(double[] d, double[] off, int l, int m, RotationBatch? batch)
    {
        // Wilkinson shift from the top 2×2 block, folded into the first rotation's g.
        double g = (d[l + 1] - d[l]) / (2 * off[l]);
        double r = Math.Sqrt((g * g) + 1);
        g = d[m] - d[l] + (off[l] / (g + Math.CopySign(r, g)));
        double s = 1, c = 1, p = 0;
        for (int i = m - 1; i >= l; i--)
        {
            double f = s * off[i], b = c * off[i];
            r = Math.Sqrt((f * f) + (g * g));
            off[i + 1] = r;
            if (r == 0)
            {
                // The bulge vanished (underflow): the block splits here; the outer loop retries.
                d[i + 1] -= p;
                off[m] = 0;
                return;
            }

            s = f / r;
            c = g / r;
            g = d[i + 1] - p;
            r = ((d[i] - g) * s) + (2 * c * b);
            p = s * r;
            d[i + 1] = g + p;
            g = (c * r) - b;
            batch?.Add(i, c, s);
        }

        d[l] -= p;
        off[l] = g;
        off[m] = 0;
    }

    private static void SortAscending(double[] d, double[]? rows, int n)
    {
        for (int i = 0; i < n - 1; i++)
        {
            int min = i;
            for (int j = i + 1; j < n; j++)
            {
                if (d[j] < d[min])
                {
                    min = j;
                }
            }

            if (min == i)
            {
                continue;
            }

            (d[i], d[min]) = (d[min], d[i]);
            if (rows is not null)
            {
                var a = rows.AsSpan(i * n, n);
                var b = rows.AsSpan(min * n, n);
                for (int k = 0; k < n; k++)
                {
                    (a[k], b[k]) = (b[k], a[k]);
                }
            }
        }
    }

    /// <summary>
    /// Recorded rotations (row i, cosine, sine), applied to the vector rows strip by strip. While the iteration runs the
    /// rows live in a strip-major copy, [strip][row][64]: dense per strip, where the row-major layout's power-of-two
    /// row length would put a strip's rows into the same few cache sets.
    /// </summary>
    private sealed class RotationBatch
    {
        private readonly double[] _rows;
        private readonly int _n;
        private readonly int _strips;
        private readonly double[] _stripMajor;
        private readonly int _capacity;
        private readonly List<(int Row, double C, double S)> _rotations;

        public RotationBatch(double[] rows, int n)
        {
            _rows = rows;
            _n = n;
            _strips = (n + StripWidth - 1) / StripWidth;
            _stripMajor = new double[(long)_strips * n * StripWidth];
            _capacity = Math.Max(4096, 32 * n);
            _rotations = new List<(int Row, double C, double S)>(_capacity);
            CopyStrips(toStripMajor: true);
        }

        public void Add(int row, double c, double s)
        {
            _rotations.Add((row, c, s));
            if (_rotations.Count >= _capacity)
            {
                Apply();
            }
        }

        /// <summary>Applies what is recorded and writes the rows back.</summary>
        public void Flush()
        {
            Apply();
            CopyStrips(toStripMajor: false);
        }

        private void CopyStrips(bool toStripMajor)
        {
            int n = _n;
            ParallelWork.For(_strips, strip =>
            {
                int c0 = strip * StripWidth, width = Math.Min(StripWidth, n - c0);
                var rows = _rows.AsSpan();
                var local = _stripMajor.AsSpan(strip * n * StripWidth, n * StripWidth);
                for (int r = 0; r < n; r++)
                {
                    if (toStripMajor)
                    {
                        rows.Slice((r * n) + c0, width).CopyTo(local.Slice(r * StripWidth, width));
                    }
                    else
                    {
                        local.Slice(r * StripWidth, width).CopyTo(rows.Slice((r * n) + c0, width));
                    }
                }
            });
        }

        private void Apply()
        {
            if (_rotations.Count == 0)
            {
                return;
            }

            var rotations = _rotations.ToArray();
            _rotations.Clear();
            int n = _n;
            bool registerChains = Dgemm.Level == SimdLevel.Vector512;
            ParallelWork.For(_strips, strip =>
            {
                int width = Math.Min(StripWidth, n - (strip * StripWidth));
                fixed (double* all = _stripMajor)
                fixed ((int Row, double C, double S)* list = rotations)
                {
                    double* local = all + ((long)strip * n * StripWidth);
                    if (registerChains && width == StripWidth)
                    {
                        ApplyChains512(local, list, rotations.Length);
                        return;
                    }

                    for (int k = 0; k < rotations.Length; k++)
                    {
                        // Rows i and i+1 hold columns i and i+1 of Z: z_i' = c z_i − s z_{i+1}, z_{i+1}' = s z_i + c z_{i+1}.
                        var (row, c, s) = list[k];
                        VectorOps.Rotate(local + ((long)row * StripWidth), local + ((long)(row + 1) * StripWidth), width, c, s);
                    }
                }
            });
        }

        /// <summary>
        /// A 64-column strip, 8 zmm registers per row. A QL sweep rotates rows (i, i+1), then (i−1, i), ...: the updated
        /// row i is the next rotation's second row, so it stays in registers and each rotation loads and stores one row.
        /// </summary>
        private static void ApplyChains512(double* z, (int Row, double C, double S)* list, int count)
        {
            int k = 0;
            while (k < count)
            {
                int row = list[k].Row;
                double* upper = z + ((long)(row + 1) * StripWidth);
                var y0 = Vector512.Load(upper); var y1 = Vector512.Load(upper + 8);
                var y2 = Vector512.Load(upper + 16); var y3 = Vector512.Load(upper + 24);
                var y4 = Vector512.Load(upper + 32); var y5 = Vector512.Load(upper + 40);
                var y6 = Vector512.Load(upper + 48); var y7 = Vector512.Load(upper + 56);
                while (true)
                {
                    double* lower = z + ((long)row * StripWidth);
                    var c = Vector512.Create(list[k].C);
                    var s = Vector512.Create(list[k].S);
                    y0 = Step(lower, upper, 0, c, s, y0); y1 = Step(lower, upper, 8, c, s, y1);
                    y2 = Step(lower, upper, 16, c, s, y2); y3 = Step(lower, upper, 24, c, s, y3);
                    y4 = Step(lower, upper, 32, c, s, y4); y5 = Step(lower, upper, 40, c, s, y5);
                    y6 = Step(lower, upper, 48, c, s, y6); y7 = Step(lower, upper, 56, c, s, y7);
                    k++;
                    upper = lower;
                    if (k == count || list[k].Row != row - 1)
                    {
                        break;
                    }

                    row--;
                }

                y0.Store(upper); y1.Store(upper + 8); y2.Store(upper + 16); y3.Store(upper + 24);
                y4.Store(upper + 32); y5.Store(upper + 40); y6.Store(upper + 48); y7.Store(upper + 56);
            }
        }

        /// <summary>Rotates x (row i, from memory) against y (row i+1, in a register): stores y' and returns x'.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<double> Step(double* lower, double* upper, int offset, Vector512<double> c, Vector512<double> s, Vector512<double> y)
        {
            var x = Vector512.Load(lower + offset);
            Vector512.FusedMultiplyAdd(s, x, c * y).Store(upper + offset);
            return Vector512.FusedMultiplyAdd(c, x, -(s * y));
        }
    }
}
