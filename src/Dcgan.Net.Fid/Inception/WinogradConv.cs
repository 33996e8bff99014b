using System.Numerics;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// A 3x3 stride-1 convolution of channel-major activations by Winograd F(2x2, 3x3) (<see cref="WinogradF2x2"/>).
/// The tiles of the sub-batch are processed in chunks: the chunk's input transform fills 16 matrices V_k
/// [C, tiles], 16 products M_k = U_k V_k run on them, and the output transform writes the 2 x 2 tiles (with the
/// bias and ReLU from <c>activateFrom</c> on, as <see cref="InceptionWorkspace.Conv"/>). Each output value is
/// computed from its own tile alone, and each product element is summed over the channels in the same order
/// whatever the chunk, so the result does not depend on the chunking, the batch or the thread count.
/// </summary>
internal static class WinogradConv
{
    /// <summary>
    /// Floats of the transformed inputs and products of one chunk, 16 (C + O) per tile: 256K floats (1 MB), the
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

    /// <summary>Runs the convolution; see <see cref="InceptionWorkspace.Conv"/> for the contract.</summary>
    /// <param name="conv">A convolution with <see cref="FoldedConv.WinogradWeight"/>.</param>
    /// <param name="input">[C, images, H, W].</param>
    /// <param name="output">[O, images, outH, outW].</param>
    /// <param name="activateFrom">First output channel that gets bias and ReLU.</param>
    /// <param name="scratch">Scratch per part: one, or one per thread when <paramref name="parallel"/>.</param>
    /// <param name="parallel">Whether the chunks may be spread over <see cref="EngineSettings.ThreadCount"/> threads.</param>
    public static void Run(FoldedConv conv, in Activation input, in Activation output, int activateFrom, WinogradScratch[] scratch, bool parallel)
    {
        ConvSpec spec = conv.Spec;
        WinogradGrid grid = WinogradGrid.Of(spec, input);
        int perTile = WinogradF2x2.Points * (spec.InChannels + spec.OutChannels);
        int tiles = Math.Clamp(ChunkBudget / perTile / TileStep * TileStep, MinChunkTiles, MaxChunkTiles);
        tiles = Math.Min(tiles, grid.Count);
        int chunks = (grid.Count + tiles - 1) / tiles;
        var job = new Job(conv, input, output, activateFrom, grid, tiles);
        WinogradSteps.Run(chunks, scratch, parallel, job.RunChunk);
    }

    /// <summary>One convolution: chunk i is tiles [i * tiles, (i + 1) * tiles).</summary>
    private sealed class Job(FoldedConv conv, Activation input, Activation output, int activateFrom, WinogradGrid grid, int tiles)
    {
        public void RunChunk(int chunk, WinogradScratch scratch)
        {
            int t0 = chunk * tiles;
            RunTiles(t0, Math.Min(tiles, grid.Count - t0), scratch);
        }

        private readonly KernelIsa isa = CpuFeatures.Current;

        private void RunTiles(int first, int count, WinogradScratch scratch)
        {
            ConvSpec spec = conv.Spec;
            int points = WinogradF2x2.Points;
            int inChannels = spec.InChannels;
            int outChannels = spec.OutChannels;

            // Rows are padded to whole vectors; the pad columns are computed on zeros and never stored.
            int width = (count + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
            int patchStride = width + (EvenOddLanes.Slack / 2);
            Span<float> patches = scratch.Patches(points * patchStride);
            Span<float> transformed = scratch.Transformed(points * inChannels * width);
            Span<float> products = scratch.Products(points * outChannels * width);
            Span<float> rows = scratch.Rows((4 * width) + (EvenOddLanes.Slack / 2));
            Span<float> line = scratch.Line((2 * grid.TilesX) + 2 + EvenOddLanes.Slack);
            for (int r = 0; r < points; r++)
            {
                patches.Slice((r * patchStride) + count, width - count).Clear();
            }

            Span<WinogradRun> runs = scratch.Runs((count / grid.TilesX) + 2);
            runs = runs[..grid.Runs(first, count, runs)];
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
    }
}
