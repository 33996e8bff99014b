using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// The steps the Winograd convolutions (<see cref="WinogradConv"/>, <see cref="LineWinogradConv"/>) share: running
/// their chunks in parts, and the per-point matrix products of a chunk.
/// </summary>
internal static class WinogradSteps
{
    /// <summary>
    /// Calls <paramref name="runChunk"/>(chunk, scratch of its part) for every chunk below <paramref name="chunks"/>:
    /// one part on the calling thread, or, when products may be parallel, up to one part per thread, part p taking
    /// chunks [p * chunks / parts, (p + 1) * chunks / parts) with scratch p. Every chunk writes its own outputs, so
    /// the split does not change the result.
    /// </summary>
    public static void Run(int chunks, WinogradScratch[] scratch, bool parallel, Action<int, WinogradScratch> runChunk)
    {
        int parts = parallel ? Math.Min(Math.Min(EngineSettings.ThreadCount, chunks), scratch.Length) : 1;
        void RunParts(int start, int end)
        {
            for (int part = start; part < end; part++)
            {
                int first = (int)((long)part * chunks / parts);
                int last = (int)((long)(part + 1) * chunks / parts);
                for (int chunk = first; chunk < last; chunk++)
                {
                    runChunk(chunk, scratch[part]);
                }
            }
        }

        if (parts == 1)
        {
            RunParts(0, 1);
        }
        else
        {
            ParallelChunks.For(parts, 1, RunParts);
        }
    }

    /// <summary>
    /// <c>M_k [O, count] = U_k [O, C] x V_k [C, count]</c> for each of <paramref name="points"/> points: U_k is stored
    /// transposed ([C, O], read in place as a transposed operand) at <c>k * C * O</c> of <paramref name="weight"/>, V_k
    /// at <c>k * C * width</c> of <paramref name="transformed"/>, M_k at <c>k * O * width</c> of <paramref name="products"/>
    /// (rows <paramref name="width"/> apart). Where points share a filter, <paramref name="filterOf"/>[k] names the
    /// matrix of point k (U_k is then at <c>filterOf[k] * C * O</c>). Single-threaded: the chunks are the parallel unit.
    /// </summary>
    public static void MultiplyPoints(
        int points, ReadOnlySpan<float> weight, ReadOnlySpan<float> transformed, Span<float> products, int inChannels, int outChannels, int count, int width,
        ReadOnlySpan<int> filterOf = default)
    {
        int weightPoint = inChannels * outChannels;
        for (int k = 0; k < points; k++)
        {
            int filter = filterOf.IsEmpty ? k : filterOf[k];
            Sgemm.Multiply(
                true, false, outChannels, count, inChannels,
                weight.Slice(filter * weightPoint, weightPoint), outChannels,
                transformed.Slice(k * inChannels * width, inChannels * width), width,
                products.Slice(k * outChannels * width, outChannels * width), width,
                false, false);
        }
    }
}
