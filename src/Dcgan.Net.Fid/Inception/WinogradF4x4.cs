using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The transforms of Winograd's minimal filtering F(4x4, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional
/// Neural Networks", 2015, on the points 0, ±1, ±2 and infinity): a 4 x 4 output tile is
/// <c>A^T [(G g G^T) ∘ (B^T d B)] A</c> for the 3 x 3 kernel g and the 6 x 6 input patch d, with
/// <code>
/// B^T = [4  0 -5  0 1 0;  0 -4 -4  1 1 0;  0 4 -4 -1 1 0;  0 -2 -1 2 1 0;  0 2 -1 -2 1 0;  0 4 0 -5 0 1]
/// G   = [1/4 0 0;  -1/6 -1/6 -1/6;  -1/6 1/6 -1/6;  1/24 1/12 1/6;  1/24 -1/12 1/6;  0 0 1]
/// A^T = [1 1 1 1 1 0;  0 1 -1 2 -2 0;  0 1 1 4 4 0;  0 1 -1 8 -8 1]
/// </code>
/// 36 products per 16 outputs, 4x fewer multiplications than the direct form (F(2x2, 3x3): 2.25x), for larger
/// transform entries and so more rounding. Summed over the input channels, the element-wise product at each point
/// is a matrix product [O, C] x [C, tiles]. The transforms run a vector of tiles at a time with the same
/// operations in every lane (and on rows padded to whole vectors), so the bits do not depend on the vector width;
/// the patches are gathered and the tiles scattered one value at a time.
/// </summary>
internal static class WinogradF4x4
{
    /// <summary>Points of the transformed tile (6 x 6), one matrix product each.</summary>
    public const int Points = 36;

    /// <summary>Outputs along each side of a tile.</summary>
    public const int Tile = 4;

    /// <summary>
    /// <c>U = G g G^T</c> of every (output, input) channel pair, in float64 and rounded once: point k = 6i + j is
    /// the matrix [InChannels, OutChannels] at <c>k * InChannels * OutChannels</c> (transposed, read in place as a
    /// transposed A operand).
    /// </summary>
    /// <param name="spec">A 3x3 convolution.</param>
    /// <param name="weight">[O, C, 3, 3] weights.</param>
    public static float[] TransformWeights(ConvSpec spec, ReadOnlySpan<float> weight)
    {
        double[,] g =
        {
            { 1 / 4.0, 0, 0 }, { -1 / 6.0, -1 / 6.0, -1 / 6.0 }, { -1 / 6.0, 1 / 6.0, -1 / 6.0 },
            { 1 / 24.0, 1 / 12.0, 1 / 6.0 }, { 1 / 24.0, -1 / 12.0, 1 / 6.0 }, { 0, 0, 1 },
        };
        int outChannels = spec.OutChannels;
        int inChannels = spec.InChannels;
        var result = new float[Points * inChannels * outChannels];
        var half = new double[6, 3];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> kernel = weight.Slice(((o * inChannels) + c) * 9, 9);

                // half = G g, then U = half G^T.
                for (int i = 0; i < 6; i++)
                {
                    for (int b = 0; b < 3; b++)
                    {
                        half[i, b] = (g[i, 0] * kernel[b]) + (g[i, 1] * kernel[3 + b]) + (g[i, 2] * kernel[6 + b]);
                    }
                }

                for (int i = 0; i < 6; i++)
                {
                    for (int j = 0; j < 6; j++)
                    {
                        double u = (half[i, 0] * g[j, 0]) + (half[i, 1] * g[j, 1]) + (half[i, 2] * g[j, 2]);
                        result[(((6 * i) + j) * inChannels * outChannels) + (c * outChannels) + o] = (float)u;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The 6 x 6 input patches of channel <paramref name="channel"/> for the tiles of <paramref name="runs"/>: patch
    /// value (r, s) of the tile at position q goes to <c>patches[(6r + s) * stride + q]</c>, zero where the patch
    /// leaves the input. <paramref name="line"/> holds one zero-padded input row: at least 4 * TilesX + 2 values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherPatches(in Activation input, WinogradGrid grid, int channel, ReadOnlySpan<WinogradRun> runs, Span<float> patches, int stride, Span<float> line)
    {
        ReadOnlySpan<float> source = input.Span.Slice(channel * input.RowLength, input.RowLength);
        int width = input.Width;
        foreach (WinogradRun run in runs)
        {
            int length = run.Length;
            int x0 = (Tile * run.Column) - grid.PadW;
            int span = (Tile * length) + 2;

            // Input columns [lo, hi) of [x0, x0 + span) lie inside the row.
            int lo = Math.Clamp(-x0, 0, span);
            int hi = Math.Clamp(width - x0, lo, span);
            for (int r = 0; r < 6; r++)
            {
                int y = (Tile * run.Row) - grid.PadH + r;
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

                // Tile i of the run reads values 4i .. 4i + 5; values holds 4 * length + 2 of them.
                ref float v = ref MemoryMarshal.GetReference(values);
                for (int s = 0; s < 6; s++)
                {
                    Span<float> column = patches.Slice((((6 * r) + s) * stride) + run.Position, length);
                    ref float d = ref MemoryMarshal.GetReference(column);
                    for (int i = 0; i < length; i++)
                    {
                        Unsafe.Add(ref d, i) = Unsafe.Add(ref v, (Tile * i) + s);
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
    /// <c>Y = A^T M A</c> of <paramref name="width"/> tiles (a multiple of the vector width), point k of tile q
    /// read from <c>products[k * pointStride + q]</c>; output (i, j) of the tile goes to
    /// <c>rows[(4i + j) * width + q]</c>, as <c>relu(y + bias)</c> when <paramref name="activate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformProducts(ReadOnlySpan<float> products, int pointStride, int width, Span<float> rows, bool activate, float bias)
    {
        CheckRows(products.Length, Points, pointStride, width);
        CheckRows(rows.Length, Tile * Tile, width, width);
        int lanes = Vector<float>.Count;
        Span<float> columnPass = stackalloc float[6 * Tile * lanes];
        ref float m = ref MemoryMarshal.GetReference(products);
        ref float y = ref MemoryMarshal.GetReference(rows);
        ref float s = ref MemoryMarshal.GetReference(columnPass);
        nuint ms = (nuint)pointStride;
        nuint ys = (nuint)width;
        nuint ss = (nuint)lanes;
        var vb = new Vector<float>(bias);
        for (nuint q = 0; q < (nuint)width; q += (nuint)lanes)
        {
            // Down the columns first (A^T M: output row i, column k at 6i + k), then along the four rows (... A).
            for (nuint k = 0; k < 6; k++)
            {
                OutputLine(ref Unsafe.Add(ref m, (k * ms) + q), 6 * ms, ref Unsafe.Add(ref s, k * ss), 6 * ss, false, vb);
            }

            for (nuint i = 0; i < Tile; i++)
            {
                OutputLine(ref Unsafe.Add(ref s, 6 * i * ss), ss, ref Unsafe.Add(ref y, (Tile * i * ys) + q), ys, activate, vb);
            }
        }
    }

    /// <summary>
    /// Writes the tile outputs in <paramref name="rows"/> (see <see cref="TransformProducts"/>) of the tiles of
    /// <paramref name="runs"/> into channel <paramref name="channel"/> of <paramref name="output"/>, leaving out
    /// what sticks out past the last row or column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterTiles(ReadOnlySpan<float> rows, int width, ReadOnlySpan<WinogradRun> runs, in Activation output, int channel)
    {
        Span<float> target = output.Span.Slice(channel * output.RowLength, output.RowLength);
        int outW = output.Width;
        foreach (WinogradRun run in runs)
        {
            int x0 = Tile * run.Column;
            int columns = Math.Min(Tile * run.Length, outW - x0);
            for (int i = 0; i < Tile; i++)
            {
                int y = (Tile * run.Row) + i;
                if (y >= output.Height)
                {
                    break;
                }

                Span<float> destination = target.Slice((run.Image * output.Plane) + (y * outW) + x0, columns);
                for (int j = 0; j < Tile; j++)
                {
                    ReadOnlySpan<float> values = rows.Slice((((Tile * i) + j) * width) + run.Position, run.Length);
                    for (int x = j, t = 0; x < columns; x += Tile, t++)
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
        Vector<float> d0 = Vector.LoadUnsafe(ref src);
        Vector<float> d1 = Vector.LoadUnsafe(ref src, srcStride);
        Vector<float> d2 = Vector.LoadUnsafe(ref src, 2 * srcStride);
        Vector<float> d3 = Vector.LoadUnsafe(ref src, 3 * srcStride);
        Vector<float> d4 = Vector.LoadUnsafe(ref src, 4 * srcStride);
        Vector<float> d5 = Vector.LoadUnsafe(ref src, 5 * srcStride);
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
    private static void OutputLine(ref float src, nuint srcStride, ref float dst, nuint dstStride, bool activate, Vector<float> bias)
    {
        Vector<float> m0 = Vector.LoadUnsafe(ref src);
        Vector<float> m1 = Vector.LoadUnsafe(ref src, srcStride);
        Vector<float> m2 = Vector.LoadUnsafe(ref src, 2 * srcStride);
        Vector<float> m3 = Vector.LoadUnsafe(ref src, 3 * srcStride);
        Vector<float> m4 = Vector.LoadUnsafe(ref src, 4 * srcStride);
        Vector<float> m5 = Vector.LoadUnsafe(ref src, 5 * srcStride);
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

    /// <summary>Throws unless <paramref name="rows"/> rows of <paramref name="width"/> values (a whole number of vectors), <paramref name="stride"/> apart, fit in <paramref name="length"/>.</summary>
    private static void CheckRows(int length, int rows, int stride, int width)
    {
        if (width % Vector<float>.Count != 0 || width > stride || length < ((rows - 1) * (long)stride) + width)
        {
            throw new ArgumentException($"{rows} rows of {width} values {stride} apart do not fit in {length} (or are not whole vectors).");
        }
    }
}
