using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// Runs the chunks of a Winograd convolution (<see cref="WinogradConv"/>, <see cref="LineWinogradConv"/>) in
/// parts: one part on the calling thread, or, when products may be parallel, up to one part per thread, part p
/// taking chunks [p * chunks / parts, (p + 1) * chunks / parts) with scratch p. Every chunk writes its own
/// outputs, so the split does not change the result.
/// </summary>
internal static class WinogradParts
{
    /// <summary>Calls <paramref name="runChunk"/>(chunk, scratch of its part) for every chunk below <paramref name="chunks"/>.</summary>
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
}
