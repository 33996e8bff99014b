using System.Runtime.ExceptionServices;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// A fixed set of dedicated background threads that run the chunks of <see cref="ParallelChunks.For"/> together
/// with the calling thread. Why not the thread pool: the pool hands a region to whichever of its threads is free,
/// and every new thread that joins fills its own thread-local scratch (GEMM pack buffers, im2col buffers, the
/// array pool's per-thread slots). Over a training run the pool's threads came and went, so large and pinned
/// arrays kept being allocated long after warm-up, and they set off gen-2 collections. With a team, kernel work
/// runs on at most <see cref="EngineSettings.ThreadCount"/> threads that live for the whole process, so that
/// scratch is filled once.
/// <para>
/// One region at a time: a call made while the team is busy (a nested region, or a second thread running kernels
/// at the same moment) returns false and the caller uses <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>
/// instead. Chunks are claimed from a shared counter, so which thread runs which chunk varies, but the chunk
/// bounds do not, and results stay independent of the thread count.
/// </para>
/// </summary>
internal static class WorkerTeam
{
    private static readonly List<Worker> s_workers = [];
    private static readonly ManualResetEventSlim s_done = new(false);

    private static int s_busy;
    private static int s_remaining;
    private static Action<int, int>? s_body;
    private static int s_count;
    private static int s_chunkSize;
    private static int s_chunks;
    private static int s_nextChunk;
    private static ExceptionDispatchInfo? s_failure;

    [ThreadStatic]
    private static bool t_isWorker;

    /// <summary>
    /// Runs body(start, end) over <paramref name="chunks"/> chunks of <paramref name="chunkSize"/> indices of
    /// [0, <paramref name="count"/>) on the calling thread and <paramref name="threads"/> - 1 team workers.
    /// </summary>
    /// <returns>False, having run nothing, when the team is already busy.</returns>
    public static bool TryRun(int count, int chunkSize, int chunks, int threads, Action<int, int> body)
    {
        if (t_isWorker || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            int helpers = Math.Min(threads, chunks) - 1;
            EnsureWorkers(helpers);
            s_body = body;
            s_count = count;
            s_chunkSize = chunkSize;
            s_chunks = chunks;
            s_nextChunk = -1;
            s_failure = null;
            s_remaining = helpers;
            s_done.Reset();
            for (int i = 0; i < helpers; i++)
            {
                s_workers[i].Start.Release();
            }

            RunChunks();
            if (helpers > 0)
            {
                s_done.Wait();
            }

            s_failure?.Throw();
            return true;
        }
        finally
        {
            s_body = null;
            s_failure = null;
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static void EnsureWorkers(int helpers)
    {
        while (s_workers.Count < helpers)
        {
            var worker = new Worker();
            var thread = new Thread(() => WorkerLoop(worker))
            {
                IsBackground = true,
                Name = $"Dcgan.Net kernel worker {s_workers.Count + 1}",
            };
            s_workers.Add(worker);
            thread.Start();
        }
    }

    private static void WorkerLoop(Worker worker)
    {
        t_isWorker = true;
        while (true)
        {
            worker.Start.Wait();
            RunChunks();
            if (Interlocked.Decrement(ref s_remaining) == 0)
            {
                s_done.Set();
            }
        }
    }

    /// <summary>Claims and runs chunks until none are left; the first exception stops this thread's share.</summary>
    private static void RunChunks()
    {
        Action<int, int> body = s_body!;
        int chunk;
        while ((chunk = Interlocked.Increment(ref s_nextChunk)) < s_chunks)
        {
            int start = chunk * s_chunkSize;
            try
            {
                body(start, Math.Min(s_count, start + s_chunkSize));
            }
#pragma warning disable CA1031 // The exception is rethrown on the calling thread once every worker has stopped.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref s_failure, ExceptionDispatchInfo.Capture(e), null);
                return;
            }
        }
    }

    private sealed class Worker
    {
        public SemaphoreSlim Start { get; } = new(0);
    }
}
