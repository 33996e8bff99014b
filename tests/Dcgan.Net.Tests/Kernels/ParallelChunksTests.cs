using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

[Collection(EngineThreadsCollection.Name)]
public sealed class ParallelChunksTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 5)]
    [InlineData(1, 100)]
    public void Every_index_is_covered_once_by_chunks_whose_bounds_ignore_the_thread_count(int threads, int chunkSize)
    {
        const int Count = 37;
        var seen = new int[Count];
        var bounds = new List<(int Start, int End)>();
        KernelTestData.WithThreads(threads, () => ParallelChunks.For(Count, chunkSize, (start, end) =>
        {
            lock (bounds)
            {
                bounds.Add((start, end));
            }

            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref seen[i]);
            }
        }));

        Assert.All(seen, n => Assert.Equal(1, n));
        var expected = Enumerable.Range(0, (Count + chunkSize - 1) / chunkSize).Select(c => (c * chunkSize, Math.Min(Count, (c + 1) * chunkSize)));
        Assert.Equal(expected, bounds.OrderBy(b => b.Start));
    }

    [Fact]
    public void Empty_ranges_call_nothing_and_chunk_sizes_depend_only_on_the_arguments()
    {
        ParallelChunks.For(0, 4, (_, _) => Assert.Fail("no chunk expected"));

        Assert.Equal(8, ParallelChunks.ChunkSize(100, 4096));
        Assert.Equal(100, ParallelChunks.ChunkSize(100, 1, 1 << 20));
        Assert.Equal(1, ParallelChunks.ChunkSize(100, 1 << 20));
    }
}
