using System.Numerics;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// A 3x3 stride-1 convolution of channel-major activations by Winograd F(2x2, 3x3) (<see cref="WinogradF2x2"/>) or
/// F(4x4, 3x3), or a 5x5 one by F(2x2, 5x5) (both <see cref="WinogradSixPoints"/>). The tiles of the sub-batch are processed in chunks: the chunk's input
/// transform fills 16 (or 36) matrices V_k [C, tiles], as many products M_k = U_k V_k run on them, and the output
/// transform writes the tiles (with the bias and ReLU from <c>activateFrom</c> on, as
/// <see cref="InceptionWorkspace.Conv"/>). Each output value is computed from its own tile alone, and each product
/// element is summed over the channels in the same order whatever the chunk, so the result does not depend on
/// the chunking, the batch or the thread count.
/// </summary>
internal static class WinogradConv
{
    /// <summary>
    /// Floats of the transformed inputs and products of one chunk, 16 (C + O) per tile for F(2x2): 256K floats (1 MB), the
    /// core's L2 cache, for the narrow layers (the stem's 32 -> 32 takes 240 tiles).
    /// </summary>
    private const int ChunkBudget = 1 << 18;

    /// <summary>Tiles per chunk are a multiple of the widest micro-kernel panel (48 columns).</summary>
    private const int TileStep = 48;

    /// <summary>
    /// At least this many tiles per chunk: each product reads its U_k once per chunk, and for the wide layers
    /// (Mixed_7b/7c's 448 -> 384, U is 11 MB) fewer tiles left the products waiting on memory. Measured with
    /// <c>inception-conv</c>: Mixed_7b.branch3x3dbl_2 went from 1.2x to about 2x the im2col speed.
    /// </summary>
    private const int MinChunkTiles = 4 * TileStep;

    /// <summary>At most this many tiles per chunk: up to here the products read the transformed weights in place.</summary>
    private const int MaxChunkTiles = 16 * TileStep;

    /// <summary>
    /// Whether <paramref name="isa"/> uses the six-point transforms (<see cref="WinogradSixPoints"/>: F(4x4, 3x3)
    /// and F(2x2, 5x5)), which save more multiplications for more transform work: where the SGEMM is the
    /// bottleneck, every instruction set but AVX-512. Measured with <c>inception-conv</c>: on a 2-core AVX2 host
    /// (128-bit FMA units) F(4x4) ran the stem and block shapes 1.1x to 1.5x faster than F(2x2); on the AVX-512
    /// host of earlier sessions a first F(4x4, 3x3) and F(2x2, 5x5) were slower than F(2x2, 3x3) and im2col.
    /// </summary>
    public static bool UsesSixPoints(KernelIsa isa) => isa != KernelIsa.Avx512;

    /// <summary>The tile side for a 3x3 convolution on <paramref name="isa"/>: 4 with the six-point transforms, else 2.</summary>
    public static int TileFor(KernelIsa isa) => UsesSixPoints(isa) ? 4 : 2;

    /// <summary>Runs the convolution; see <see cref="InceptionWorkspace.Conv"/> for the contract.</summary>
    /// <param name="conv">A 3x3 convolution with <see cref="FoldedConv.WinogradWeight"/>, or a 5x5 stride-1 one (tile 2, six-point transforms).</param>
    /// <param name="input">[C, images, H, W].</param>
    /// <param name="output">[O, images, outH, outW].</param>
    /// <param name="activateFrom">First output channel that gets bias and ReLU.</param>
    /// <param name="scratch">Scratch per part: one, or one per thread when <paramref name="parallel"/>.</param>
    /// <param name="parallel">Whether the chunks may be spread over <see cref="EngineSettings.ThreadCount"/> threads.</param>
    /// <param name="tile">Tile side: 2 for F(2x2, 3x3) or F(2x2, 5x5), 4 for F(4x4, 3x3).</param>
    public static void Run(FoldedConv conv, in Activation input, in Activation output, int activateFrom, WinogradScratch[] scratch, bool parallel, int tile)
    {
        ConvSpec spec = conv.Spec;
        bool known = spec.Stride == 1 && spec.KernelW == spec.KernelH && (spec.KernelH, tile) is (3, 2) or (3, 4) or (5, 2);
        if (!known)
        {
            throw new ArgumentOutOfRangeException(nameof(tile), $"{spec.Prefix}: no Winograd transform for {tile} x {tile} tiles of {spec.KernelH}x{spec.KernelW} stride {spec.Stride}.");
        }

        WinogradGrid grid = WinogradGrid.Of(spec, input, tile);
        bool sixPoints = tile == 4 || spec.KernelH == 5;
        int points = sixPoints ? WinogradSixPoints.Points : WinogradF2x2.Points;
        int tiles = TilesPerChunk(points, spec, grid.Count);
        int chunks = (grid.Count + tiles - 1) / tiles;
        var job = new Job(conv, input, output, activateFrom, grid, tiles);
        WinogradSteps.Run(chunks, scratch, parallel, job.RunChunk);
    }

    /// <summary>
    /// Tiles per chunk for <paramref name="points"/> products on <paramref name="spec"/>'s channels: what fits
    /// <see cref="ChunkBudget"/>, in whole panels, within [<see cref="MinChunkTiles"/>, <see cref="MaxChunkTiles"/>],
    /// and at most the <paramref name="count"/> tiles there are.
    /// </summary>
    public static int TilesPerChunk(int points, ConvSpec spec, int count)
    {
        int perTile = points * (spec.InChannels + spec.OutChannels);
        return Math.Min(Math.Clamp(ChunkBudget / perTile / TileStep * TileStep, MinChunkTiles, MaxChunkTiles), count);
    }

    /// <summary><paramref name="count"/> rounded up to whole vectors: the row length of a chunk's buffers.</summary>
    public static int PaddedWidth(int count) => (count + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    /// <summary>One convolution: chunk i is tiles [i * tiles, (i + 1) * tiles).</summary>
    private sealed class Job(FoldedConv conv, Activation input, Activation output, int activateFrom, WinogradGrid grid, int tiles)
    {
        private readonly KernelIsa isa = CpuFeatures.Current;

        public void RunChunk(int chunk, WinogradScratch scratch)
        {
            int t0 = chunk * tiles;
            int count = Math.Min(tiles, grid.Count - t0);
            if (grid.Tile == 2 && grid.Kernel == 3)
            {
                RunFourPoints(t0, count, scratch);
            }
            else
            {
                RunSixPoints(t0, count, scratch);
            }
        }

        private void RunFourPoints(int first, int count, WinogradScratch scratch)
        {
            ConvSpec spec = conv.Spec;
            int points = WinogradF2x2.Points;
            int inChannels = spec.InChannels;
            int outChannels = spec.OutChannels;

            // Rows are padded to whole vectors; the pad columns are computed on zeros and never stored.
            int width = PaddedWidth(count);
            int patchStride = width + (EvenOddLanes.Slack / 2);
            Span<float> patches = scratch.Patches(points * patchStride);
            Span<float> transformed = scratch.Transformed(points * inChannels * width);
            Span<float> products = scratch.Products(points * outChannels * width);
            Span<float> rows = scratch.Rows((4 * width) + (EvenOddLanes.Slack / 2));
            Span<float> line = scratch.Line((2 * grid.TilesX) + 2 + EvenOddLanes.Slack);
            ClearPadColumns(patches, points, patchStride, count, width);
            Span<WinogradRun> runs = grid.Runs(first, count, scratch);
            for (int c = 0; c < inChannels; c++)
            {
                WinogradF2x2.GatherPatches(input, grid, c, runs, patches, patchStride, line, isa);
                WinogradF2x2.TransformPatches(patches, patchStride, width, transformed[(c * width)..], inChannels * width);
            }

            // M_k [O, count] = U_k [O, C] (stored transposed) x V_k [C, count].
            WinogradSteps.MultiplyPoints(points, conv.WinogradWeight, transformed, products, inChannels, outChannels, count, width);

            for (int o = 0; o < outChannels; o++)
            {
                WinogradF2x2.TransformProducts(products[(o * width)..], outChannels * width, width, rows, o >= activateFrom, conv.Bias[o]);
                WinogradF2x2.ScatterTiles(rows, width, runs, output, o, isa);
            }
        }

        private void RunSixPoints(int first, int count, WinogradScratch scratch)
        {
            ConvSpec spec = conv.Spec;
            int points = WinogradSixPoints.Points;
            int tile = grid.Tile;
            int inChannels = spec.InChannels;
            int outChannels = spec.OutChannels;
            int width = PaddedWidth(count);
            Span<float> patches = scratch.Patches(points * width);
            Span<float> transformed = scratch.Transformed(points * inChannels * width);
            Span<float> products = scratch.Products(points * outChannels * width);
            Span<float> rows = scratch.Rows(tile * tile * width);
            Span<float> line = scratch.Line((tile * grid.TilesX) + 6);
            ClearPadColumns(patches, points, width, count, width);
            Span<WinogradRun> runs = grid.Runs(first, count, scratch);
            for (int c = 0; c < inChannels; c++)
            {
                WinogradSixPoints.GatherPatches(input, grid, c, runs, patches, width, line);
                WinogradSixPoints.TransformPatches(patches, width, width, transformed[(c * width)..], inChannels * width);
            }

            WinogradSteps.MultiplyPoints(points, conv.SixPointWinogradWeight, transformed, products, inChannels, outChannels, count, width);

            for (int o = 0; o < outChannels; o++)
            {
                WinogradSixPoints.TransformProducts(products[(o * width)..], outChannels * width, width, rows, o >= activateFrom, conv.Bias[o], tile);
                WinogradSixPoints.ScatterTiles(rows, width, runs, output, o, tile);
            }
        }

        /// <summary>Zeroes the pad columns [count, width) of each patch row (finite values for the transforms, never stored).</summary>
        private static void ClearPadColumns(Span<float> patches, int points, int stride, int count, int width)
        {
            for (int r = 0; r < points; r++)
            {
                patches.Slice((r * stride) + count, width - count).Clear();
            }
        }
    }
}
