using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// A square convolution of channel-major activations by a <see cref="SeparableWinograd"/> algorithm (the 3x3
/// stride-2 one of <see cref="StrideTwoWinograd"/>, or a stride-1 F(m x m, r x r)), in chunks of tiles as
/// <see cref="WinogradConv"/>: each chunk's patches are gathered and transformed channel by channel into n²
/// matrices V_k [C, tiles], the products M_k = U_k V_k
/// run on them, and the output transform writes each output channel (with the bias and ReLU from
/// <c>activateFrom</c> on, as <see cref="InceptionWorkspace.Conv"/>). Both transforms are two passes of
/// <see cref="LineCombination"/> over rows of tiles (along the patch rows, then down the columns), so each value
/// gets the same arithmetic whatever the vector width; each output comes from its own tile and each product is
/// summed over the channels in one order, so the result does not depend on the chunking, the batch or the threads.
/// </summary>
internal static class SeparableWinogradConv
{
    /// <summary>Runs the convolution by <paramref name="transform"/>; see <see cref="InceptionWorkspace.Conv"/> for the contract.</summary>
    /// <param name="conv">A convolution <paramref name="transform"/> fits (kernel and stride).</param>
    /// <param name="input">[C, images, H, W].</param>
    /// <param name="output">[O, images, outH, outW].</param>
    /// <param name="activateFrom">First output channel that gets bias and ReLU.</param>
    /// <param name="scratch">Scratch per part: one, or one per thread when <paramref name="parallel"/>.</param>
    /// <param name="parallel">Whether the chunks may be spread over <see cref="EngineSettings.ThreadCount"/> threads.</param>
    /// <param name="transform">The algorithm.</param>
    public static void Run(FoldedConv conv, in Activation input, in Activation output, int activateFrom, WinogradScratch[] scratch, bool parallel, SeparableWinograd transform)
    {
        ConvSpec spec = conv.Spec;
        float[] weight = conv.SeparableWinogradWeight(transform);
        WinogradGrid grid = WinogradGrid.Of(spec, input, transform.Outputs);
        int tiles = WinogradConv.TilesPerChunk(transform.Points, spec, grid.Count);
        int chunks = (grid.Count + tiles - 1) / tiles;
        var job = new Job(conv, weight, transform, input, output, activateFrom, grid, tiles);
        WinogradSteps.Run(chunks, scratch, parallel, job.RunChunk);
    }

    /// <summary>One convolution: chunk i is tiles [i * tiles, (i + 1) * tiles).</summary>
    private sealed class Job(FoldedConv conv, float[] weight, SeparableWinograd transform, Activation input, Activation output, int activateFrom, WinogradGrid grid, int tiles)
    {
        public void RunChunk(int chunk, WinogradScratch scratch)
        {
            int first = chunk * tiles;
            int count = Math.Min(tiles, grid.Count - first);
            int n = transform.Side;
            int m = transform.Outputs;
            int points = transform.Points;
            int inChannels = conv.Spec.InChannels;
            int outChannels = conv.Spec.OutChannels;

            // Rows are padded to whole vectors; the pad columns hold finite leftovers, are computed on and never stored.
            int width = WinogradConv.PaddedWidth(count);
            Span<float> patches = scratch.Patches(points * width);
            Span<float> transformed = scratch.Transformed(points * inChannels * width);
            Span<float> products = scratch.Products(points * outChannels * width);
            Span<float> rows = scratch.Rows((points + (m * m)) * width);
            Span<float> line = scratch.Line((transform.Step * grid.TilesX) + n);
            Span<float> pass = rows[..(points * width)];
            Span<WinogradRun> runs = grid.Runs(first, count, scratch);
            LineCombination inputTransform = transform.InputCombination;
            for (int c = 0; c < inChannels; c++)
            {
                GatherPatches(c, runs, patches, width, line);

                // Along each patch row (d B), then down the columns (B^T ...) into V_{kn + j} row c.
                for (int r = 0; r < n; r++)
                {
                    inputTransform.Apply(patches[(r * n * width)..], width, n, pass[(r * n * width)..], width, width);
                }

                for (int j = 0; j < n; j++)
                {
                    inputTransform.Apply(pass[(j * width)..], n * width, n, transformed[(((j * inChannels) + c) * width)..], n * inChannels * width, width);
                }
            }

            WinogradSteps.MultiplyPoints(points, weight, transformed, products, inChannels, outChannels, count, width, transform.FilterOfPoint);

            LineCombination outputTransform = transform.OutputCombination;
            Span<float> columns = rows[..(m * n * width)];
            Span<float> outputs = rows[(points * width)..];
            for (int o = 0; o < outChannels; o++)
            {
                // Down the columns (A^T M: output row t, point column j at tn + j), then along the rows (... A).
                for (int j = 0; j < n; j++)
                {
                    outputTransform.Apply(products[(((j * outChannels) + o) * width)..], n * outChannels * width, m, columns[(j * width)..], n * width, width);
                }

                bool activate = o >= activateFrom;
                for (int t = 0; t < m; t++)
                {
                    outputTransform.Apply(columns[(t * n * width)..], width, m, outputs[(t * m * width)..], width, width, activate, conv.Bias[o]);
                }

                ScatterTiles(outputs, width, runs, o);
            }
        }

        /// <summary>
        /// The n x n input patches of channel <paramref name="channel"/>: value (r, s) of the tile at position q goes
        /// to <c>patches[(n r + s) * stride + q]</c>, zero where the patch leaves the input. Tiles of a run start
        /// every <see cref="SeparableWinograd.Step"/> input columns; <paramref name="line"/> holds one zero-padded input row.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void GatherPatches(int channel, ReadOnlySpan<WinogradRun> runs, Span<float> patches, int stride, Span<float> line)
        {
            ReadOnlySpan<float> source = input.Span.Slice(channel * input.RowLength, input.RowLength);
            int n = transform.Side;
            int step = transform.Step;
            int inWidth = input.Width;
            foreach (WinogradRun run in runs)
            {
                int length = run.Length;
                int x0 = (step * run.Column) - grid.PadW;
                int span = (step * (length - 1)) + n;
                int lo = Math.Clamp(-x0, 0, span);
                int hi = Math.Clamp(inWidth - x0, lo, span);
                for (int r = 0; r < n; r++)
                {
                    int y = (step * run.Row) - grid.PadH + r;
                    if (y < 0 || y >= input.Height)
                    {
                        for (int s = 0; s < n; s++)
                        {
                            patches.Slice((((n * r) + s) * stride) + run.Position, length).Clear();
                        }

                        continue;
                    }

                    int start = (run.Image * input.Plane) + (y * inWidth) + x0;
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

                    ref float v = ref MemoryMarshal.GetReference(values);
                    for (int s = 0; s < n; s++)
                    {
                        ref float d = ref MemoryMarshal.GetReference(patches.Slice((((n * r) + s) * stride) + run.Position, length));
                        for (int i = 0; i < length; i++)
                        {
                            Unsafe.Add(ref d, i) = Unsafe.Add(ref v, (step * i) + s);
                        }
                    }
                }
            }
        }

        /// <summary>Writes the m x m tile outputs (output (t, u) of the tile at q in <c>rows[(m t + u) * width + q]</c>) into channel <paramref name="channel"/>, leaving out what sticks out past the last row or column.</summary>
        private void ScatterTiles(ReadOnlySpan<float> rows, int width, ReadOnlySpan<WinogradRun> runs, int channel)
        {
            Span<float> target = output.Span.Slice(channel * output.RowLength, output.RowLength);
            int m = transform.Outputs;
            int outW = output.Width;
            foreach (WinogradRun run in runs)
            {
                int x0 = m * run.Column;
                int columns = Math.Min(m * run.Length, outW - x0);
                for (int t = 0; t < m; t++)
                {
                    int y = (m * run.Row) + t;
                    if (y >= output.Height)
                    {
                        break;
                    }

                    Span<float> destination = target.Slice((run.Image * output.Plane) + (y * outW) + x0, columns);
                    for (int u = 0; u < m; u++)
                    {
                        ReadOnlySpan<float> values = rows.Slice((((m * t) + u) * width) + run.Position, run.Length);
                        for (int x = u, i = 0; x < columns; x += m, i++)
                        {
                            destination[x] = values[i];
                        }
                    }
                }
            }
        }
    }
}
