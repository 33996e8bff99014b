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
internal static unsafe partial class TridiagonalQl
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
}
