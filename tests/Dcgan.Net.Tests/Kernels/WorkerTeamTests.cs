using System.Collections.Concurrent;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

/// <summary>The dedicated kernel threads behind <see cref="ParallelChunks.For"/>.</summary>
[Collection(EngineThreadsCollection.Name)]
public sealed class WorkerTeamTests
{
    [Fact]
    public void Many_regions_run_on_at_most_ThreadCount_distinct_threads()
    {
        // The point of the team: thread-local kernel scratch is filled on a fixed set of threads, not on
        // whichever thread-pool threads happen to pick up each region.
        // The thread pool is given idle threads first, as a busy process has: any of them could take a region.
        var threads = new ConcurrentDictionary<int, bool>();
        ThreadPool.GetMinThreads(out int minWorkers, out int minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, 8), minIo);
        try
        {
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => Thread.Sleep(5));
            KernelTestData.WithThreads(2, () =>
            {
                for (int region = 0; region < 300; region++)
                {
                    ParallelChunks.For(8, 1, (_, _) =>
                    {
                        threads.TryAdd(Environment.CurrentManagedThreadId, true);
                        Thread.SpinWait(2000);
                    });
                }
            });
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        Assert.InRange(threads.Count, 1, 2);
    }

    [Fact]
    public void An_exception_in_a_chunk_reaches_the_caller_and_the_team_keeps_working()
    {
        KernelTestData.WithThreads(2, () =>
        {
            var error = Assert.Throws<InvalidOperationException>(() => ParallelChunks.For(16, 1, (start, _) =>
            {
                if (start == 11)
                {
                    throw new InvalidOperationException("chunk 11");
                }
            }));
            Assert.Equal("chunk 11", error.Message);

            int sum = 0;
            ParallelChunks.For(100, 7, (start, end) => Interlocked.Add(ref sum, end - start));
            Assert.Equal(100, sum);
        });
    }

    [Fact]
    public async Task Nested_and_concurrent_regions_complete()
    {
        KernelTestData.WithThreads(2, () =>
        {
            int inner = 0;
            ParallelChunks.For(4, 1, (_, _) => ParallelChunks.For(5, 1, (s, e) => Interlocked.Add(ref inner, e - s)));
            Assert.Equal(20, inner);
        });

        int total = 0;
        var callers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => KernelTestData.WithThreads(2, () =>
        {
            for (int region = 0; region < 50; region++)
            {
                ParallelChunks.For(9, 2, (s, e) => Interlocked.Add(ref total, e - s));
            }
        }))).ToArray();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(3 * 50 * 9, total);
    }
}
