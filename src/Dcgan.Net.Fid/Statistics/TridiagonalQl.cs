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

        for (int l = 0; l < n; l++)
        {
            for (int sweep = 0; ; sweep++)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double scale = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(off[m]) <= double.Epsilon + (scale * 1.1102230246251565e-16))
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
        SortAscending(d, vectorRows, n);
    }

    /// <summary>One implicit shifted QL step on the unreduced block l..m.</summary>
    private static void Sweep(double[] d, double[] off, int l, int m, RotationBatch? batch)
    {
        // Wilkinson shift from the top 2×2 block, folded into the first rotation's g.
        double g = (d[l + 1] - d[l]) / (2 * off[l]);
        double r = double.Hypot(g, 1);
        g = d[m] - d[l] + (off[l] / (g + Math.CopySign(r, g)));
        double s = 1, c = 1, p = 0;
        for (int i = m - 1; i >= l; i--)
        {
            double f = s * off[i], b = c * off[i];
            r = double.Hypot(f, g);
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

    /// <summary>Recorded rotations (row i, cosine, sine), applied to the vector rows strip by strip.</summary>
    private sealed class RotationBatch(double[] rows, int n)
    {
        private readonly int _capacity = Math.Max(4096, 8 * n);
        private readonly List<(int Row, double C, double S)> _rotations = new(Math.Max(4096, 8 * n));

        public void Add(int row, double c, double s)
        {
            _rotations.Add((row, c, s));
            if (_rotations.Count >= _capacity)
            {
                Flush();
            }
        }

        public void Flush()
        {
            if (_rotations.Count == 0)
            {
                return;
            }

            var rotations = _rotations.ToArray();
            _rotations.Clear();
            int strips = (n + StripWidth - 1) / StripWidth;
            ParallelWork.For(strips, strip =>
            {
                int c0 = strip * StripWidth, width = Math.Min(StripWidth, n - c0);
                fixed (double* z = rows)
                {
                    foreach (var (row, c, s) in rotations)
                    {
                        // Rows row and row+1 hold columns i and i+1 of Z: z_i' = c z_i − s z_{i+1}, z_{i+1}' = s z_i + c z_{i+1}.
                        VectorOps.Rotate(z + ((long)row * n) + c0, z + ((long)(row + 1) * n) + c0, width, c, s);
                    }
                }
            });
        }
    }
}
