using System.Numerics;
using System.Runtime.CompilerServices;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// A 1 x r or r x 1 stride-1 convolution that keeps its size, by one-dimensional Winograd F(m, r)
/// (<see cref="LineWinograd"/>). Call the filter's axis the line axis (height for r x 1, width for 1 x r) and the
/// other the cross axis. A tile is m consecutive outputs along the line axis at one cross position, so the tiles
/// of a plane form ceil(L / m) tile rows of X tiles (L, X: the plane's line and cross lengths). Each (channel,
/// image) plane is first copied into a zero-padded buffer of lines, a line being contiguous along the cross axis
/// (for 1 x r the plane is transposed on the way), so that every input point of a tile row is a combination of
/// whole lines. The tiles of a few images at a time (a chunk) are transformed into α matrices V_k [C, tiles], α
/// products M_k = U_k V_k run on them, and the output transform writes each output channel with the bias and
/// ReLU from <c>activateFrom</c> on, as <see cref="InceptionWorkspace.Conv"/>.
/// <para>
/// Each output value comes from its own tile, each product element is summed over the channels in the same order
/// whatever the chunk, and chunks hold whole images, so the result does not depend on the batch, the chunking or
/// the thread count. The transforms are fused multiply-adds in a fixed order, the same in the vector lanes and
/// the scalar tail.
/// </para>
/// </summary>
internal static class LineWinogradConv
{
    /// <summary>
    /// Tiles a chunk aims at: four 17 x 17 images (6 tile rows of 17 tiles each). Measured with
    /// <c>inception-line</c>: chunks of two images (204 tiles) left the Mixed_6 convolutions at 1.1x the im2col speed,
    /// four gave 1.4x; wider bands waste fewer vector lanes in the transforms and the products get more columns,
    /// and twelve images were no faster than four.
    /// </summary>
    private const int TargetTiles = 408;

    /// <summary>
    /// Whether the path runs <paramref name="spec"/> on <paramref name="input"/>: its chunk's band of lines must be at
    /// least a vector long (the transforms walk whole vectors). Narrower inputs go through im2col.
    /// </summary>
    public static bool Fits(ConvSpec spec, in Activation input)
    {
        var layout = new LineLayout(spec, input.Height, input.Width);
        return layout.Cross * ImagesPerChunk(layout, input.Images) >= Vector<float>.Count;
    }

    /// <summary>Runs the convolution; see <see cref="InceptionWorkspace.Conv"/> for the contract.</summary>
    /// <param name="conv">A convolution with <see cref="FoldedConv.LineWinogradWeight"/>.</param>
    /// <param name="input">[C, images, H, W].</param>
    /// <param name="output">[O, images, H, W].</param>
    /// <param name="activateFrom">First output channel that gets bias and ReLU.</param>
    /// <param name="scratch">Scratch per part: one, or one per thread when <paramref name="parallel"/>.</param>
    /// <param name="parallel">Whether the chunks may be spread over <see cref="EngineSettings.ThreadCount"/> threads.</param>
    public static void Run(FoldedConv conv, in Activation input, in Activation output, int activateFrom, WinogradScratch[] scratch, bool parallel)
    {
        var layout = new LineLayout(conv.Spec, input.Height, input.Width);
        int imagesPerChunk = ImagesPerChunk(layout, input.Images);
        int chunks = (input.Images + imagesPerChunk - 1) / imagesPerChunk;
        var job = new Job(conv, input, output, activateFrom, layout, imagesPerChunk);
        WinogradSteps.Run(chunks, scratch, parallel, job.RunChunk);
    }

    private static int ImagesPerChunk(in LineLayout layout, int images) => Math.Clamp(TargetTiles / layout.TilesPerImage, 1, images);

    /// <summary>One convolution: chunk i is images [i * imagesPerChunk, (i + 1) * imagesPerChunk).</summary>
    private sealed class Job(FoldedConv conv, Activation input, Activation output, int activateFrom, LineLayout layout, int imagesPerChunk)
    {
        private readonly LineWinograd _transform = LineWinograd.For(conv.Spec.KernelH * conv.Spec.KernelW);

        public void RunChunk(int chunk, WinogradScratch scratch)
        {
            int image = chunk * imagesPerChunk;
            RunImages(image, Math.Min(imagesPerChunk, input.Images - image), scratch);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunImages(int firstImage, int images, WinogradScratch scratch)
        {
            int points = _transform.Points;
            int outputs = _transform.Outputs;
            int inChannels = conv.Spec.InChannels;
            int outChannels = conv.Spec.OutChannels;

            // The chunk's planes side by side: a band line holds line a of every image, so tile row t of the
            // chunk is band columns [0, band) of tiles t * band + column.
            int band = images * layout.Cross;
            int count = layout.TileRows * band;

            // Rows of whole cache lines; the columns past count are never read.
            int width = (count + 15) / 16 * 16;
            Span<float> lines = scratch.Patches(layout.PaddedLines * band);
            Span<float> transformed = scratch.Transformed(points * inChannels * width);
            Span<float> products = scratch.Products(points * outChannels * width);
            Span<float> outputLines = scratch.Rows(outputs * band);
            lines.Clear();
            for (int c = 0; c < inChannels; c++)
            {
                for (int b = 0; b < images; b++)
                {
                    layout.FillLines(input.Span.Slice((c * input.RowLength) + ((firstImage + b) * input.Plane), input.Plane), lines, band, b * layout.Cross);
                }

                for (int t = 0; t < layout.TileRows; t++)
                {
                    _transform.InputCombination.Apply(
                        lines[(t * outputs * band)..], band, points, transformed[((c * width) + (t * band))..], inChannels * width, band);
                }
            }

            // M_k [O, count] = U_k [O, C] (stored transposed) x V_k [C, count].
            WinogradSteps.MultiplyPoints(points, conv.LineWinogradWeight, transformed, products, inChannels, outChannels, count, width);

            int pointStride = outChannels * width;
            for (int o = 0; o < outChannels; o++)
            {
                bool activate = o >= activateFrom;
                float bias = conv.Bias[o];
                for (int t = 0; t < layout.TileRows; t++)
                {
                    int firstLine = t * outputs;
                    int lineCount = Math.Min(outputs, layout.Length - firstLine);
                    _transform.OutputCombination.Apply(
                        products[((o * width) + (t * band))..], pointStride, lineCount, outputLines, band, band, activate, bias);
                    for (int b = 0; b < images; b++)
                    {
                        Span<float> plane = output.Span.Slice((o * output.RowLength) + ((firstImage + b) * output.Plane), output.Plane);
                        layout.StoreLines(outputLines, band, b * layout.Cross, lineCount, plane, firstLine);
                    }
                }
            }

        }
    }
}
