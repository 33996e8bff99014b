using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dcgan.Net.Fid;

internal static unsafe partial class TridiagonalQl
{
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
