using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The transforms of Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2015): a 2 x 2 output tile is <c>A^T [(G g G^T) ∘ (B^T d B)] A</c> for the
/// 3 x 3 kernel g and the 4 x 4 input patch d, with
/// <c>B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]</c>, <c>G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]</c> and
/// <c>A^T = [1 1 1 0; 0 1 -1 -1]</c>. Summed over the input channels, the element-wise product at each of the 16
/// points (i, j) is a matrix product, [O, C] x [C, tiles], which is where the 2.25x fewer multiplications go.
/// The input and output transforms only add and subtract; they run a vector of tiles at a time on rows padded
/// to whole vectors, so every lane does the scalar arithmetic in the same order and the bits do not depend on
/// the vector width.
/// </summary>
internal static class WinogradF2x2
{
    /// <summary>Points of the transformed tile (4 x 4), one matrix product each.</summary>
    public const int Points = 16;

    /// <summary>Whether <paramref name="spec"/> is a 3x3 stride-1 convolution (any zero padding).</summary>
    public static bool Applies(ConvSpec spec) => spec.KernelH == 3 && spec.KernelW == 3 && spec.Stride == 1;

    /// <summary>
    /// <c>U = G g G^T</c> of every (output, input) channel pair, computed in float64 and rounded once: point
    /// k = 4i + j is the matrix [InChannels, OutChannels] at <c>k * InChannels * OutChannels</c> (transposed, so
    /// the products read it in place as a transposed A operand).
    /// </summary>
    /// <param name="spec">A 3x3 convolution.</param>
    /// <param name="weight">[O, C, 3, 3] weights.</param>
    public static float[] TransformWeights(ConvSpec spec, ReadOnlySpan<float> weight)
    {
        double[,] g = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };
        int outChannels = spec.OutChannels;
        int inChannels = spec.InChannels;
        var result = new float[Points * inChannels * outChannels];
        var half = new double[4, 3];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> kernel = weight.Slice(((o * inChannels) + c) * 9, 9);

                // half = G g, then U = half G^T.
                for (int i = 0; i < 4; i++)
                {
                    for (int b = 0; b < 3; b++)
                    {
                        half[i, b] = (g[i, 0] * kernel[b]) + (g[i, 1] * kernel[3 + b]) + (g[i, 2] * kernel[6 + b]);
                    }
                }

                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        double u = (half[i, 0] * g[j, 0]) + (half[i, 1] * g[j, 1]) + (half[i, 2] * g[j, 2]);
                        result[(((4 * i) + j) * inChannels * outChannels) + (c * outChannels) + o] = (float)u;
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The 4 x 4 input patches of channel <paramref name="channel"/> for the tiles of <paramref name="runs"/>: patch value
    /// (r, s) of the tile at position q goes to <c>patches[(4r + s) * stride + q]</c>, zero where the patch
    /// leaves the input. Each row needs <see cref="EvenOddLanes.Slack"/> / 2 values of room after position
    /// count (the stride is at least count + that; the room gets copies of nearby values). <paramref name="line"/>
    /// holds one zero-padded input row for runs at the end of the buffer: at least 2 * TilesX + 2 + <see cref="EvenOddLanes.Slack"/> values.
    /// <paramref name="isa"/> picks the even/odd split's vector path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherPatches(in Activation input, WinogradGrid grid, int channel, ReadOnlySpan<WinogradRun> runs, Span<float> patches, int stride, Span<float> line, KernelIsa isa)
    {
        // The channel's row to the end of the buffer: vector reads may run past the channel, never past the array.
        ReadOnlySpan<float> source = input.Buffer.AsSpan(input.Offset + (channel * input.RowLength));
        int width = input.Width;
        foreach (WinogradRun run in runs)
        {
            int length = run.Length;
            int x0 = (2 * run.Column) - grid.PadW;
            int span = (2 * length) + 2;

            // Input columns [lo, hi) of [x0, x0 + span) lie inside the row.
            int lo = Math.Clamp(-x0, 0, span);
            int hi = Math.Clamp(width - x0, lo, span);
            for (int r = 0; r < 4; r++)
            {
                int y = (2 * run.Row) - grid.PadH + r;
                Span<float> rows = patches[(((4 * r) * stride) + run.Position)..];
                if (y < 0 || y >= input.Height)
                {
                    for (int s = 0; s < 4; s++)
                    {
                        rows.Slice(s * stride, length).Clear();
                    }

                    continue;
                }

                // Split straight from the input when the vector reads stay inside it (values outside the row are
                // zeroed after), else from a zero-padded copy of the row.
                int start = (run.Image * input.Plane) + (y * width) + x0;
                bool direct = start >= 0 && start + span + EvenOddLanes.Slack <= source.Length;
                ReadOnlySpan<float> values;
                if (direct)
                {
                    values = source[start..];
                }
                else
                {
                    Span<float> padded = line[..(span + EvenOddLanes.Slack)];
                    padded[..lo].Clear();
                    source.Slice(start + lo, hi - lo).CopyTo(padded[lo..]);
                    padded[hi..].Clear();
                    values = padded;
                }

                // Tile columns start every second input column: patch columns 0 and 1 are the even and odd values
                // from x0, columns 2 and 3 the same from x0 + 2.
                EvenOddLanes.SplitFour(values, rows, stride, length, isa);
                if (direct && (lo > 0 || hi < span))
                {
                    for (int s = 0; s < 4; s++)
                    {
                        ZeroOutside(rows[(s * stride)..], s, lo, hi, length);
                    }
                }
            }
        }
    }

    /// <summary>Zeroes patch column <paramref name="s"/> of the tiles whose value there, at offset 2i + s of the run, falls outside [lo, hi).</summary>
    private static void ZeroOutside(Span<float> column, int s, int lo, int hi, int length)
    {
        // 2i + s < lo for i < (lo - s + 1) / 2; 2i + s >= hi for i >= (hi - s + 1) / 2.
        int left = Math.Clamp((lo - s + 1) / 2, 0, length);
        int right = Math.Clamp((hi - s + 1) / 2, left, length);
        // A value or two at each edge: plain loops beat the call into a general clear.
        for (int i = 0; i < left; i++)
        {
            column[i] = 0;
        }

        for (int i = right; i < length; i++)
        {
            column[i] = 0;
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
        ref float d = ref MemoryMarshal.GetReference(patches);
        ref float v = ref MemoryMarshal.GetReference(transformed);
        nuint ds = (nuint)stride;
        nuint vs = (nuint)pointStride;
        for (nuint q = 0; q < (nuint)width; q += (nuint)Vector<float>.Count)
        {
            // Along each patch row first (d B), then down the columns (B^T ...).
            (Vector<float> a00, Vector<float> a01, Vector<float> a02, Vector<float> a03) = RowOfB(ref d, q, ds, 0);
            (Vector<float> a10, Vector<float> a11, Vector<float> a12, Vector<float> a13) = RowOfB(ref d, q, ds, 4);
            (Vector<float> a20, Vector<float> a21, Vector<float> a22, Vector<float> a23) = RowOfB(ref d, q, ds, 8);
            (Vector<float> a30, Vector<float> a31, Vector<float> a32, Vector<float> a33) = RowOfB(ref d, q, ds, 12);
            ColumnOfB(ref v, q, vs, 0, a00, a10, a20, a30);
            ColumnOfB(ref v, q, vs, 1, a01, a11, a21, a31);
            ColumnOfB(ref v, q, vs, 2, a02, a12, a22, a32);
            ColumnOfB(ref v, q, vs, 3, a03, a13, a23, a33);
        }
    }

    /// <summary>
    /// <c>Y = A^T M A</c> of <paramref name="width"/> tiles (a multiple of the vector width), point k of tile q
    /// read from <c>products[k * pointStride + q]</c>; output (i, j) of the tile goes to
    /// <c>rows[(2i + j) * width + q]</c>, as <c>relu(y + bias)</c> when <paramref name="activate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformProducts(ReadOnlySpan<float> products, int pointStride, int width, Span<float> rows, bool activate, float bias)
    {
        CheckRows(products.Length, Points, pointStride, width);
        CheckRows(rows.Length, 4, width, width);
        ref float m = ref MemoryMarshal.GetReference(products);
        ref float y = ref MemoryMarshal.GetReference(rows);
        nuint ms = (nuint)pointStride;
        nuint ys = (nuint)width;
        var vb = new Vector<float>(bias);
        for (nuint q = 0; q < (nuint)width; q += (nuint)Vector<float>.Count)
        {
            // Down the columns first (A^T M), then along the two rows (... A).
            (Vector<float> s00, Vector<float> s10) = ColumnOfA(ref m, q, ms, 0);
            (Vector<float> s01, Vector<float> s11) = ColumnOfA(ref m, q, ms, 1);
            (Vector<float> s02, Vector<float> s12) = ColumnOfA(ref m, q, ms, 2);
            (Vector<float> s03, Vector<float> s13) = ColumnOfA(ref m, q, ms, 3);
            Vector<float> y00 = s00 + s01 + s02;
            Vector<float> y01 = s01 - s02 - s03;
            Vector<float> y10 = s10 + s11 + s12;
            Vector<float> y11 = s11 - s12 - s13;
            if (activate)
            {
                y00 = Vector.Max(y00 + vb, Vector<float>.Zero);
                y01 = Vector.Max(y01 + vb, Vector<float>.Zero);
                y10 = Vector.Max(y10 + vb, Vector<float>.Zero);
                y11 = Vector.Max(y11 + vb, Vector<float>.Zero);
            }

            y00.StoreUnsafe(ref y, q);
            y01.StoreUnsafe(ref y, q + ys);
            y10.StoreUnsafe(ref y, q + (2 * ys));
            y11.StoreUnsafe(ref y, q + (3 * ys));
        }
    }

    /// <summary>One patch row times B: (d0 - d2, d1 + d2, d2 - d1, d1 - d3) of patch values 4r .. 4r + 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float>, Vector<float>, Vector<float>, Vector<float>) RowOfB(ref float d, nuint q, nuint stride, nuint first)
    {
        Vector<float> d0 = Vector.LoadUnsafe(ref d, q + (first * stride));
        Vector<float> d1 = Vector.LoadUnsafe(ref d, q + ((first + 1) * stride));
        Vector<float> d2 = Vector.LoadUnsafe(ref d, q + ((first + 2) * stride));
        Vector<float> d3 = Vector.LoadUnsafe(ref d, q + ((first + 3) * stride));
        return (d0 - d2, d1 + d2, d2 - d1, d1 - d3);
    }

    /// <summary>B^T times column j of the row results, stored as points j, 4 + j, 8 + j, 12 + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnOfB(ref float v, nuint q, nuint stride, nuint j, Vector<float> a0, Vector<float> a1, Vector<float> a2, Vector<float> a3)
    {
        (a0 - a2).StoreUnsafe(ref v, q + (j * stride));
        (a1 + a2).StoreUnsafe(ref v, q + ((4 + j) * stride));
        (a2 - a1).StoreUnsafe(ref v, q + ((8 + j) * stride));
        (a1 - a3).StoreUnsafe(ref v, q + ((12 + j) * stride));
    }

    /// <summary>A^T times column j of M: (m0 + m1 + m2, m1 - m2 - m3) of points j, 4 + j, 8 + j, 12 + j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float>, Vector<float>) ColumnOfA(ref float m, nuint q, nuint stride, nuint j)
    {
        Vector<float> m0 = Vector.LoadUnsafe(ref m, q + (j * stride));
        Vector<float> m1 = Vector.LoadUnsafe(ref m, q + ((4 + j) * stride));
        Vector<float> m2 = Vector.LoadUnsafe(ref m, q + ((8 + j) * stride));
        Vector<float> m3 = Vector.LoadUnsafe(ref m, q + ((12 + j) * stride));
        return (m0 + m1 + m2, m1 - m2 - m3);
    }

    /// <summary>Throws unless <paramref name="rows"/> rows of <paramref name="width"/> values (a whole number of vectors), <paramref name="stride"/> apart, fit in <paramref name="length"/>.</summary>
    private static void CheckRows(int length, int rows, int stride, int width)
    {
        if (width % Vector<float>.Count != 0 || width > stride || length < ((rows - 1) * (long)stride) + width)
        {
            throw new ArgumentException($"{rows} rows of {width} values {stride} apart do not fit in {length} (or are not whole vectors).");
        }
    }

    /// <summary>Writes the tile outputs in <paramref name="rows"/> (see <see cref="TransformProducts"/>) of the tiles of <paramref name="runs"/> into channel <paramref name="channel"/> of <paramref name="output"/>, leaving out what sticks out of an odd side; <paramref name="isa"/> picks the merge's vector path. <paramref name="rows"/> needs <see cref="EvenOddLanes.Slack"/> / 2 readable values past its four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterTiles(ReadOnlySpan<float> rows, int width, ReadOnlySpan<WinogradRun> runs, in Activation output, int channel, KernelIsa isa)
    {
        Span<float> target = output.Span.Slice(channel * output.RowLength, output.RowLength);
        int outW = output.Width;
        foreach (WinogradRun run in runs)
        {
            int q = run.Position;
            int x0 = 2 * run.Column;
            int columns = Math.Min(2 * run.Length, outW - x0);
            int y = 2 * run.Row;
            int start = (run.Image * output.Plane) + (y * outW) + x0;
            EvenOddLanes.Merge(rows[q..], rows[(width + q)..], target.Slice(start, columns), isa);
            if (y + 1 < output.Height)
            {
                EvenOddLanes.Merge(rows[((2 * width) + q)..], rows[((3 * width) + q)..], target.Slice(start + outW, columns), isa);
            }
        }
    }
}
