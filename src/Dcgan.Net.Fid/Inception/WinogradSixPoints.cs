using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The six-point Winograd transforms (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2015, on
/// the points 0, ±1, ±2 and infinity) of two minimal filterings that both read 6 x 6 input patches:
/// F(4x4, 3x3), 36 products per 4 x 4 output tile (4x fewer multiplications than the direct form, F(2x2, 3x3):
/// 2.25x), and F(2x2, 5x5), 36 per 2 x 2 tile (2.78x fewer). An output tile is <c>A^T [(G g G^T) ∘ (B^T d B)] A</c>
/// with the same input transform for both,
/// <code>
/// B^T = [4  0 -5  0 1 0;  0 -4 -4  1 1 0;  0 4 -4 -1 1 0;  0 -2 -1 2 1 0;  0 2 -1 -2 1 0;  0 4 0 -5 0 1]
/// </code>
/// and, for F(4x4, 3x3), <c>G = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1]</c>,
/// <c>A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]</c>; for F(2x2, 5x5), G has rows
/// <c>p^j / f</c> (j = 0..4, f = 4, -6, -6, 24, 24 for p = 0, 1, -1, 2, -2) and (0 0 0 0 1), and
/// <c>A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 1]</c>. Summed over the input channels, the element-wise product at each
/// point is a matrix product [O, C] x [C, tiles]. The transforms run a vector of tiles at a time with the same
/// operations in every lane (and on rows padded to whole vectors), so the bits do not depend on the vector width;
/// the patches are gathered and the tiles scattered one value at a time.
/// </summary>
internal static class WinogradSixPoints
{
    /// <summary>Points of the transformed tile (6 x 6), one matrix product each.</summary>
    public const int Points = 36;

    /// <summary>Points along each side of a patch.</summary>
    private const int Side = 6;

    /// <summary>Outputs along each side of a tile for a <paramref name="kernel"/> x <paramref name="kernel"/> filter (3 or 5): 4 or 2.</summary>
    public static int TileFor(int kernel) => Side - kernel + 1;

    /// <summary>
    /// <c>U = G g G^T</c> of every (output, input) channel pair, in float64 and rounded once: point k = 6i + j is
    /// the matrix [InChannels, OutChannels] at <c>k * InChannels * OutChannels</c> (transposed, read in place as a
    /// transposed A operand).
    /// </summary>
    /// <param name="spec">A 3x3 or 5x5 convolution.</param>
    /// <param name="weight">[O, C, K, K] weights.</param>
    public static float[] TransformWeights(ConvSpec spec, ReadOnlySpan<float> weight)
    {
        int taps = spec.KernelH;
        if (spec.KernelW != taps || taps is not (3 or 5))
        {
            throw new ArgumentException($"{spec.Prefix}: no six-point Winograd transform for {spec.KernelH}x{spec.KernelW} kernels.", nameof(spec));
        }

        double[,] g = FilterTransform(taps);
        int outChannels = spec.OutChannels;
        int inChannels = spec.InChannels;
        int patch = taps * taps;
        var result = new float[Points * inChannels * outChannels];
        var half = new double[Side, taps];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> kernel = weight.Slice(((o * inChannels) + c) * patch, patch);

                // half = G g, then U = half G^T.
                for (int i = 0; i < Side; i++)
                {
                    for (int b = 0; b < taps; b++)
                    {
                        double sum = 0;
                        for (int a = 0; a < taps; a++)
                        {
                            sum += g[i, a] * kernel[(a * taps) + b];
                        }

                        half[i, b] = sum;
                    }
                }

                for (int i = 0; i < Side; i++)
                {
                    for (int j = 0; j < Side; j++)
                    {
                        double u = 0;
                        for (int b = 0; b < taps; b++)
                        {
                            u += half[i, b] * g[j, b];
                        }

                        result[(((Side * i) + j) * inChannels * outChannels) + (c * outChannels) + o] = (float)u;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>G [6, taps]: row k is <c>p_k^j / Π_{l≠k} (p_k - p_l)</c> for the finite points, (0 .. 0 1) for infinity.</summary>
    private static double[,] FilterTransform(int taps)
    {
        double[] points = [0, 1, -1, 2, -2];
        var g = new double[Side, taps];
        for (int k = 0; k < points.Length; k++)
        {
            double f = 1;
            for (int l = 0; l < points.Length; l++)
            {
                f *= l == k ? 1 : points[k] - points[l];
            }

            for (int j = 0; j < taps; j++)
            {
                g[k, j] = Math.Pow(points[k], j) / f;
            }
        }

        g[Side - 1, taps - 1] = 1;
        return g;
    }

    /// <summary>
    /// The 6 x 6 input patches of channel <paramref name="channel"/> for the tiles of <paramref name="runs"/>: patch
    /// value (r, s) of the tile at position q goes to <c>patches[(6r + s) * stride + q]</c>, zero where the patch
    /// leaves the input; tiles start every <see cref="WinogradGrid.Tile"/> values. <paramref name="line"/> holds one
    /// zero-padded input row: at least Tile * TilesX + 6 values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherPatches(in Activation input, WinogradGrid grid, int channel, ReadOnlySpan<WinogradRun> runs, Span<float> patches, int stride, Span<float> line)
    {
        ReadOnlySpan<float> source = input.Span.Slice(channel * input.RowLength, input.RowLength);
        int width = input.Width;
        int tile = grid.Tile;
        foreach (WinogradRun run in runs)
        {
            int length = run.Length;
            int x0 = (tile * run.Column) - grid.PadW;
            int span = (tile * (length - 1)) + Side;

            // Input columns [lo, hi) of [x0, x0 + span) lie inside the row.
            int lo = Math.Clamp(-x0, 0, span);
            int hi = Math.Clamp(width - x0, lo, span);
            for (int r = 0; r < 6; r++)
            {
                int y = (tile * run.Row) - grid.PadH + r;
                if (y < 0 || y >= input.Height)
                {
                    for (int s = 0; s < 6; s++)
                    {
                        patches.Slice((((6 * r) + s) * stride) + run.Position, length).Clear();
                    }

                    continue;
                }

                int start = (run.Image * input.Plane) + (y * width) + x0;
                ReadOnlySpan<float> values;
                if (lo == 0 && hi == span)
                {
                    values = source.Slice(start, span);
                }
                else
                {
                    Span<float> padded = line[..span];
                    padded[..lo].Clear();
                    source.Slice(start + lo, hi - lo).CopyTo(padded[lo..]);
                    padded[hi..].Clear();
                    values = padded;
                }

                // Tile i of the run reads values tile i .. tile i + 5.
                ref float v = ref MemoryMarshal.GetReference(values);
                for (int s = 0; s < 6; s++)
                {
                    Span<float> column = patches.Slice((((6 * r) + s) * stride) + run.Position, length);
                    ref float d = ref MemoryMarshal.GetReference(column);
                    for (int i = 0; i < length; i++)
                    {
                        Unsafe.Add(ref d, i) = Unsafe.Add(ref v, (tile * i) + s);
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>V = B^T d B</c> of <paramref name="width"/> patches (a multiple of the vector width): point k of the
    /// patch at q goes to <c>transformed[k * pointStride + q]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformPatches(ReadOnlySpan<float> patches, int stride, int width, Span<float> transformed, int pointStride)
    {
        CheckRows(patches.Length, Points, stride, width);
        CheckRows(transformed.Length, Points, pointStride, width);
        int lanes = Vector<float>.Count;
        Span<float> rowPass = stackalloc float[Points * lanes];
        ref float d = ref MemoryMarshal.GetReference(patches);
        ref float v = ref MemoryMarshal.GetReference(transformed);
        ref float t = ref MemoryMarshal.GetReference(rowPass);
        nuint ds = (nuint)stride;
        nuint vs = (nuint)pointStride;
        nuint ts = (nuint)lanes;
        for (nuint q = 0; q < (nuint)width; q += (nuint)lanes)
        {
            // Along each patch row first (d B: row r, point k at 6r + k), then down the columns (B^T ...).
            for (nuint r = 0; r < 6; r++)
            {
                InputLine(ref Unsafe.Add(ref d, (6 * r * ds) + q), ds, ref Unsafe.Add(ref t, 6 * r * ts), ts);
            }

            for (nuint k = 0; k < 6; k++)
            {
                InputLine(ref Unsafe.Add(ref t, k * ts), 6 * ts, ref Unsafe.Add(ref v, (k * vs) + q), 6 * vs);
            }
        }
    }

    /// <summary>
    /// <c>Y = A^T M A</c> of <paramref name="width"/> tiles (a multiple of the vector width) of side
    /// <paramref name="tile"/> (4 or 2), point k of tile q read from <c>products[k * pointStride + q]</c>; output
    /// (i, j) of the tile goes to <c>rows[(tile i + j) * width + q]</c>, as <c>relu(y + bias)</c> when <paramref name="activate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformProducts(ReadOnlySpan<float> products, int pointStride, int width, Span<float> rows, bool activate, float bias, int tile)
    {
        CheckRows(products.Length, Points, pointStride, width);
        CheckRows(rows.Length, tile * tile, width, width);
        int lanes = Vector<float>.Count;
        Span<float> columnPass = stackalloc float[Side * 4 * lanes];
        ref float m = ref MemoryMarshal.GetReference(products);
        ref float y = ref MemoryMarshal.GetReference(rows);
        ref float s = ref MemoryMarshal.GetReference(columnPass);
        nuint ms = (nuint)pointStride;
        nuint ys = (nuint)width;
        nuint ss = (nuint)lanes;
        nuint t = (nuint)tile;
        var vb = new Vector<float>(bias);
        for (nuint q = 0; q < (nuint)width; q += (nuint)lanes)
        {
            // Down the columns first (A^T M: output row i, column k at 6i + k), then along the rows (... A).
            for (nuint k = 0; k < Side; k++)
            {
                ref float column = ref Unsafe.Add(ref m, (k * ms) + q);
                ref float target = ref Unsafe.Add(ref s, k * ss);
                if (tile == 4)
                {
                    OutputLine4(ref column, Side * ms, ref target, Side * ss, false, vb);
                }
                else
                {
                    OutputLine2(ref column, Side * ms, ref target, Side * ss, false, vb);
                }
            }

            for (nuint i = 0; i < t; i++)
            {
                ref float row = ref Unsafe.Add(ref s, Side * i * ss);
                ref float target = ref Unsafe.Add(ref y, (t * i * ys) + q);
                if (tile == 4)
                {
                    OutputLine4(ref row, ss, ref target, ys, activate, vb);
                }
                else
                {
                    OutputLine2(ref row, ss, ref target, ys, activate, vb);
                }
            }
        }
    }

    /// <summary>
    /// Writes the tile outputs in <paramref name="rows"/> (see <see cref="TransformProducts"/>) of the tiles of
    /// <paramref name="runs"/> into channel <paramref name="channel"/> of <paramref name="output"/>, leaving out
    /// what sticks out past the last row or column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterTiles(ReadOnlySpan<float> rows, int width, ReadOnlySpan<WinogradRun> runs, in Activation output, int channel, int tile)
    {
        Span<float> target = output.Span.Slice(channel * output.RowLength, output.RowLength);
        int outW = output.Width;
        foreach (WinogradRun run in runs)
        {
            int x0 = tile * run.Column;
            int columns = Math.Min(tile * run.Length, outW - x0);
            for (int i = 0; i < tile; i++)
            {
                int y = (tile * run.Row) + i;
                if (y >= output.Height)
                {
                    break;
                }

                Span<float> destination = target.Slice((run.Image * output.Plane) + (y * outW) + x0, columns);
                for (int j = 0; j < tile; j++)
                {
                    ReadOnlySpan<float> values = rows.Slice((((tile * i) + j) * width) + run.Position, run.Length);
                    for (int x = j, t = 0; x < columns; x += tile, t++)
                    {
                        destination[x] = values[t];
                    }
                }
            }
        }
    }

    /// <summary>
    /// B^T of six vectors d_0..d_5 at <paramref name="src"/> (<paramref name="srcStride"/> apart) into six at
    /// <paramref name="dst"/>: (4d0 - 5d2 + d4, (d4 - 4d2) ± (d3 - 4d1), (d4 - d2) ± 2(d3 - d1), 4d1 - 5d3 + d5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputLine(ref float src, nuint srcStride, ref float dst, nuint dstStride)
    {
        (Vector<float> d0, Vector<float> d1, Vector<float> d2, Vector<float> d3, Vector<float> d4, Vector<float> d5) = Load6(ref src, srcStride);
        var four = new Vector<float>(4f);
        var five = new Vector<float>(5f);
        Vector<float> a = d4 - (four * d2);
        Vector<float> b = d3 - (four * d1);
        Vector<float> c = d4 - d2;
        Vector<float> e = (d3 - d1) + (d3 - d1);
        ((four * d0) - (five * d2) + d4).StoreUnsafe(ref dst);
        (a + b).StoreUnsafe(ref dst, dstStride);
        (a - b).StoreUnsafe(ref dst, 2 * dstStride);
        (c + e).StoreUnsafe(ref dst, 3 * dstStride);
        (c - e).StoreUnsafe(ref dst, 4 * dstStride);
        ((four * d1) - (five * d3) + d5).StoreUnsafe(ref dst, 5 * dstStride);
    }

    /// <summary>
    /// A^T of six vectors m_0..m_5 at <paramref name="src"/> into four at <paramref name="dst"/>:
    /// (m0 + s12 + s34, d12 + 2 d34, s12 + 4 s34, d12 + 8 d34 + m5) with s12 = m1 + m2, d12 = m1 - m2 and so on;
    /// as relu(y + bias) when <paramref name="activate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputLine4(ref float src, nuint srcStride, ref float dst, nuint dstStride, bool activate, Vector<float> bias)
    {
        (Vector<float> m0, Vector<float> m1, Vector<float> m2, Vector<float> m3, Vector<float> m4, Vector<float> m5) = Load6(ref src, srcStride);
        Vector<float> s12 = m1 + m2;
        Vector<float> d12 = m1 - m2;
        Vector<float> s34 = m3 + m4;
        Vector<float> d34 = m3 - m4;
        Vector<float> y0 = m0 + s12 + s34;
        Vector<float> y1 = d12 + (new Vector<float>(2f) * d34);
        Vector<float> y2 = s12 + (new Vector<float>(4f) * s34);
        Vector<float> y3 = d12 + (new Vector<float>(8f) * d34) + m5;
        if (activate)
        {
            y0 = Vector.Max(y0 + bias, Vector<float>.Zero);
            y1 = Vector.Max(y1 + bias, Vector<float>.Zero);
            y2 = Vector.Max(y2 + bias, Vector<float>.Zero);
            y3 = Vector.Max(y3 + bias, Vector<float>.Zero);
        }

        y0.StoreUnsafe(ref dst);
        y1.StoreUnsafe(ref dst, dstStride);
        y2.StoreUnsafe(ref dst, 2 * dstStride);
        y3.StoreUnsafe(ref dst, 3 * dstStride);
    }

    /// <summary>
    /// A^T of F(2, 5) on six vectors m_0..m_5 at <paramref name="src"/> into two at <paramref name="dst"/>:
    /// (m0 + s12 + s34, d12 + 2 d34 + m5); as relu(y + bias) when <paramref name="activate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputLine2(ref float src, nuint srcStride, ref float dst, nuint dstStride, bool activate, Vector<float> bias)
    {
        (Vector<float> m0, Vector<float> m1, Vector<float> m2, Vector<float> m3, Vector<float> m4, Vector<float> m5) = Load6(ref src, srcStride);
        Vector<float> y0 = m0 + (m1 + m2) + (m3 + m4);
        Vector<float> y1 = (m1 - m2) + (new Vector<float>(2f) * (m3 - m4)) + m5;
        if (activate)
        {
            y0 = Vector.Max(y0 + bias, Vector<float>.Zero);
            y1 = Vector.Max(y1 + bias, Vector<float>.Zero);
        }

        y0.StoreUnsafe(ref dst);
        y1.StoreUnsafe(ref dst, dstStride);
    }

    /// <summary>The six vectors at <paramref name="src"/>, <paramref name="stride"/> values apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float>, Vector<float>, Vector<float>, Vector<float>, Vector<float>, Vector<float>) Load6(ref float src, nuint stride) =>
        (Vector.LoadUnsafe(ref src), Vector.LoadUnsafe(ref src, stride), Vector.LoadUnsafe(ref src, 2 * stride),
         Vector.LoadUnsafe(ref src, 3 * stride), Vector.LoadUnsafe(ref src, 4 * stride), Vector.LoadUnsafe(ref src, 5 * stride));

    /// <summary>Throws unless <paramref name="rows"/> rows of <paramref name="width"/> values (a whole number of vectors), <paramref name="stride"/> apart, fit in <paramref name="length"/>.</summary>
    private static void CheckRows(int length, int rows, int stride, int width)
    {
        if (width % Vector<float>.Count != 0 || width > stride || length < ((rows - 1) * (long)stride) + width)
        {
            throw new ArgumentException($"{rows} rows of {width} values {stride} apart do not fit in {length} (or are not whole vectors).");
        }
    }
}
