namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Runs a loop body over fixed chunks of an index range on up to <see cref="EngineSettings.ThreadCount"/> threads
/// (the caller and the <see cref="WorkerTeam"/>).
/// Chunk bounds depend only on the range and the chunk size, never on the thread count, so any kernel that
/// writes each output from exactly one chunk (and reduces chunk partials in chunk order) gives the same bits
/// on one thread or many.
/// </summary>
internal static class ParallelChunks
{
    /// <summary>Calls <paramref name="body"/>(start, end) for consecutive chunks of <paramref name="chunkSize"/> indices.</summary>
    public static void For(int count, int chunkSize, Action<int, int> body)
    {
        if (count <= 0)
        {
            return;
        }

        chunkSize = Math.Max(1, chunkSize);
        int chunks = (count + chunkSize - 1) / chunkSize;
        int threads = Math.Min(EngineSettings.ThreadCount, chunks);
        if (threads <= 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                int start = c * chunkSize;
                body(start, Math.Min(count, start + chunkSize));
            }

            return;
        }

        RunParallel(count, chunkSize, chunks, threads, body);
    }

    // Kept apart from For: a lambda capturing For's parameters would make every call allocate its closure,
    // even calls that stay on the serial path. The thread pool is the fallback for a region started while the
    // team is busy (nested, or kernels running on two threads at once).
    private static void RunParallel(int count, int chunkSize, int chunks, int threads, Action<int, int> body)
    {
        if (WorkerTeam.TryRun(count, chunkSize, chunks, threads, body))
        {
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, chunks, options, c =>
        {
            int start = c * chunkSize;
            body(start, Math.Min(count, start + chunkSize));
        });
    }

    /// <summary>
    /// Chooses a chunk size so that a range of <paramref name="count"/> items, each costing about
    /// <paramref name="costPerItem"/> operations, splits into chunks worth spawning work for.
    /// Depends only on the arguments, so it keeps results independent of the thread count.
    /// </summary>
    public static int ChunkSize(int count, long costPerItem, long minCostPerChunk = 32_768)
    {
        long perChunk = Math.Max(1, minCostPerChunk / Math.Max(1, costPerItem));
        return (int)Math.Min(Math.Max(1, count), perChunk);
    }
}
