using Dcgan.Net.Data;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Data;

public class DataLoaderTests
{
    // Image i is a 1x1x2 image with both pixels = i, and its label is 1000 + i, so a batch reveals the order.
    private static ByteImageDataset Indexed(int count) =>
        new([.. Enumerable.Range(0, count).SelectMany(i => new[] { (byte)i, (byte)i })], new ImageShape(1, 1, 2),
            [.. Enumerable.Range(1000, count)]);

    private static int[] Order(DataBatch batch)
    {
        float[] values = batch.Images.ToArray();
        return [.. Enumerable.Range(0, batch.Count).Select(i => (int)values[2 * i])];
    }

    private static List<int[]> Run(DataLoader loader, int steps) => [.. loader.Take(steps).Select(Order)];

    [Fact]
    public void FirstEpoch_FollowsTheSeededGeneratorPermutation()
    {
        var loader = new DataLoader(Indexed(10), new DataLoaderOptions { BatchSize = 5, Seed = 3 });
        int[] expected = new TensorGenerator(3).Permutation(10);

        Assert.Equal(expected, Run(loader, 2).SelectMany(b => b));
    }

    [Fact]
    public void SameSeed_SameOrder_DifferentSeed_DifferentOrder()
    {
        var data = Indexed(50);
        List<int[]> a = Run(new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 1 }), 20);
        List<int[]> b = Run(new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 1 }), 20);
        List<int[]> c = Run(new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 2 }), 20);

        Assert.Equal(a, b);
        Assert.NotEqual(a.SelectMany(x => x), c.SelectMany(x => x));
    }

    [Fact]
    public void EveryEpoch_IsANewPermutationOfAllImages()
    {
        var loader = new DataLoader(Indexed(12), new DataLoaderOptions { BatchSize = 4, Seed = 5 });
        int[] epoch0 = [.. loader.EnumerateEpoch().SelectMany(Order)];
        int[] epoch1 = [.. loader.EnumerateEpoch().SelectMany(Order)];

        Assert.Equal(Enumerable.Range(0, 12), epoch0.Order());
        Assert.Equal(Enumerable.Range(0, 12), epoch1.Order());
        Assert.NotEqual(epoch0, epoch1);
    }

    [Fact]
    public void NoShuffle_IsSequential()
    {
        var loader = new DataLoader(Indexed(6), new DataLoaderOptions { BatchSize = 3, Shuffle = false });
        Assert.Equal([[0, 1, 2], [3, 4, 5], [0, 1, 2]], Run(loader, 3));
    }

    [Fact]
    public void DropLast_SkipsTheIncompleteBatch()
    {
        var loader = new DataLoader(Indexed(10), new DataLoaderOptions { BatchSize = 3 });
        List<DataBatch> epoch = [.. loader.EnumerateEpoch()];

        Assert.Equal(3, loader.BatchesPerEpoch);
        Assert.Equal(3, epoch.Count);
        Assert.All(epoch, b => Assert.Equal([3, 1, 1, 2], b.Images.Shape.ToArray()));
        Assert.Equal(1, loader.Epoch);
    }

    [Fact]
    public void KeepLast_YieldsASmallerFinalBatch()
    {
        var loader = new DataLoader(Indexed(10), new DataLoaderOptions { BatchSize = 3, DropLast = false, Shuffle = false });
        List<int[]> epoch = [.. loader.EnumerateEpoch().Select(b => b.Images.Shape.ToArray())];

        Assert.Equal(4, loader.BatchesPerEpoch);
        Assert.Equal([1, 1, 1, 2], epoch[3]);
        Assert.Equal([9], Order(loader.Take(4).Last()));
    }

    [Fact]
    public void Labels_FollowTheImages()
    {
        var loader = new DataLoader(Indexed(20), new DataLoaderOptions { BatchSize = 7, Seed = 9 });
        foreach (DataBatch batch in loader.Take(5))
        {
            Assert.True(batch.HasLabels);
            Assert.Equal(Order(batch).Select(i => 1000 + i), batch.Labels.ToArray());
        }
    }

    [Fact]
    public void Unlabelled_BatchesHaveNoLabels()
    {
        var loader = new DataLoader(new ByteImageDataset(new byte[8], new ImageShape(1, 1, 2)), new DataLoaderOptions { BatchSize = 2 });
        DataBatch batch = loader.Next();
        Assert.False(batch.HasLabels);
        Assert.True(batch.Labels.IsEmpty);
    }

    [Fact]
    public void ResumeFromSavedState_ContinuesIdentically()
    {
        var data = Indexed(23);
        var options = new DataLoaderOptions { BatchSize = 4, Seed = 11 };
        var original = new DataLoader(data, options);
        _ = Run(original, 7);
        DataLoaderState state = original.GetState();
        List<int[]> expected = Run(original, 15);

        var resumed = new DataLoader(data, options);
        resumed.SetState(state);

        Assert.Equal(expected, Run(resumed, 15));
        Assert.Equal(original.Epoch, resumed.Epoch);
        Assert.Equal(original.BatchIndex, resumed.BatchIndex);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(10)]
    public void ResumeAtEpochBoundaries_ContinuesIdentically(int steps)
    {
        var data = Indexed(10);
        var options = new DataLoaderOptions { BatchSize = 2, Seed = 4 };
        var original = new DataLoader(data, options);
        _ = Run(original, steps);
        DataLoaderState state = original.GetState();
        Assert.Equal(steps / 5, state.Epoch);
        Assert.Equal(0, state.BatchIndex);

        var resumed = new DataLoader(data, options);
        resumed.SetState(state);

        Assert.Equal(Run(original, 12), Run(resumed, 12));
    }

    [Fact]
    public void SetState_FromAnotherDatasetOrBatchSize_Throws()
    {
        var state = new DataLoader(Indexed(10), new DataLoaderOptions { BatchSize = 2 }).GetState();
        var ex = Assert.Throws<ArgumentException>(() => new DataLoader(Indexed(11), new DataLoaderOptions { BatchSize = 2 }).SetState(state));
        Assert.Contains("10 images", ex.Message);
        Assert.Throws<ArgumentException>(() => new DataLoader(Indexed(10), new DataLoaderOptions { BatchSize = 3 }).SetState(state));
    }

    [Fact]
    public void ReuseBuffers_OverwritesThePreviousBatch_OtherwiseBatchesStayValid()
    {
        var reuse = new DataLoader(Indexed(8), new DataLoaderOptions { BatchSize = 4, Shuffle = false });
        DataBatch first = reuse.Next();
        DataBatch second = reuse.Next();
        Assert.Equal([4, 5, 6, 7], Order(first));
        Assert.Equal(Order(second), Order(first));

        var fresh = new DataLoader(Indexed(8), new DataLoaderOptions { BatchSize = 4, Shuffle = false, ReuseBuffers = false });
        DataBatch keep = fresh.Next();
        _ = fresh.Next();
        Assert.Equal([0, 1, 2, 3], Order(keep));
    }

    [Fact]
    public void ReuseBuffers_DoesNotAllocateImageArraysPerBatch()
    {
        var data = new ByteImageDataset(new byte[100 * 1024], new ImageShape(1, 32, 32), new int[100]);
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 16 });
        _ = loader.Next();
        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = loader.Take(4).Count();
        long perBatch = (GC.GetAllocatedBytesForCurrentThread() - before) / 4;

        // A new image array would be 16 * 1024 * 4 = 64 KiB; only the small batch and tensor objects may be new.
        Assert.True(perBatch < 1024, $"{perBatch} bytes allocated per batch");
    }

    [Fact]
    public void Constructor_TooFewImagesForOneBatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DataLoader(Indexed(3), new DataLoaderOptions { BatchSize = 4 }));
        Assert.Contains("3 images", ex.Message);
        Assert.Equal(1, new DataLoader(Indexed(3), new DataLoaderOptions { BatchSize = 4, DropLast = false }).BatchesPerEpoch);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Indexed(3), new DataLoaderOptions { BatchSize = 0 }));
    }

    [Fact]
    public void Take_CrossesEpochsAndReportsPositions()
    {
        var loader = new DataLoader(Indexed(9), new DataLoaderOptions { BatchSize = 3 });
        List<(int Epoch, int Index)> positions = [.. loader.Take(7).Select(b => (b.Epoch, b.BatchIndex))];

        Assert.Equal([(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0)], positions);
        Assert.Equal(2, loader.Epoch);
        Assert.Equal(1, loader.BatchIndex);
    }
}
