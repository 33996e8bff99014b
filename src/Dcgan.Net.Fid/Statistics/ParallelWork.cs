using Dcgan.Net.Tensors;

namespace Dcgan.Net.Fid;

/// <summary>
/// Runs independent work items on up to <see cref="EngineSettings.ThreadCount"/> threads. Callers split their work into
/// items whose bounds depend only on the problem size and let each item write its own outputs, so the results are
/// the same bits on one thread or many.
/// </summary>
internal static class ParallelWork
{
    /// <summary>Calls <paramref name="body"/>(i) once for every i in [0, <paramref name="count"/>), in any order.</summary>
    public static void For(int count, Action<int> body)
    {
        int threads = Math.Min(EngineSettings.ThreadCount, count);
        if (threads <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }

    /// <summary>
    /// Splits [0, <paramref name="count"/>) into chunks of <paramref name="chunkSize"/> (the last one shorter) and calls
    /// <paramref name="body"/>(start, end) for each.
    /// </summary>
    public static void ForChunks(int count, int chunkSize, Action<int, int> body)
    {
        chunkSize = Math.Max(1, chunkSize);
        int chunks = (count + chunkSize - 1) / chunkSize;
        For(chunks, c => body(c * chunkSize, Math.Min(count, (c + 1) * chunkSize)));
    }
}
