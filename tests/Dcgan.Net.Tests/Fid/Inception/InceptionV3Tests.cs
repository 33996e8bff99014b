using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tensors.Serialization;
using Dcgan.Net.Tests.Data;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>
/// The network against torch 1.13 on the formula weights of tools/make_inception_fixtures.py. Runs alone (it
/// switches <see cref="EngineSettings.ThreadCount"/>, and its forward passes are the heaviest tests).
/// </summary>
[Collection(EngineThreadsCollection.Name)]
public sealed class InceptionV3Tests : IDisposable
{
    // |ours - torch| <= 1e-4 |torch| + 1e-5 max|torch| per level and input (features are means of ReLU outputs,
    // so a few are close to 0); the largest error measured here was below 2e-5 of the value.
    private const double RelativeTolerance = 1e-4;
    private const double AbsoluteTolerance = 1e-5;

    private static readonly Lazy<InceptionV3> Network = new(() => InceptionV3.FromStateDict(InceptionFixtures.StateDict));

    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Features_MatchTorch_AtEveryLevelAndInput()
    {
        for (int number = 0; number < InceptionFixtures.Inputs.Count; number++)
        {
            string name = InceptionFixtures.Inputs[number].Name;
            Tensor input = InceptionFixtures.Input(number);
            foreach (int dims in InceptionV3.SupportedDimensions)
            {
                InceptionV3 network = Network.Value.WithDimensions(dims);
                float[] actual = network.Extract(input);

                Assert.Equal(dims, network.Dimensions);
                AssertClose(InceptionFixtures.Expected(name, dims), actual, $"{name} at {dims} vs torch float32");
                AssertClose(InceptionFixtures.Expected(name, dims, float64: true), actual, $"{name} at {dims} vs torch float64");
            }
        }
    }

    [Fact]
    public void Features_MatchTorch_WithEveryKernelInstructionSet()
    {
        // The 64 level's three products exercise each micro-kernel at a fraction of the full network's cost.
        InceptionV3 network = Network.Value.WithDimensions(64);
        Tensor input = InceptionFixtures.Input(3);
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            using IDisposable scope = CpuFeatures.Force(isa);
            AssertClose(InceptionFixtures.Expected("odd61x47", 64), network.Extract(input), $"{isa} kernels");
        }
    }

    [Fact]
    public void EveryWeightFormat_LoadsTheSameNetwork()
    {
        var entries = InceptionFixtures.StateDict.ToList();
        string zip = _temp.File("inception_zip.pth"), legacy = _temp.File("inception_legacy.pth"), safetensors = _temp.File("inception.safetensors");
        TorchCheckpoint.WriteStateDict(zip, entries);
        LegacyCheckpointWriter.Write(legacy, entries);
        SafeTensorsFile.Write(safetensors, entries);
        Tensor input = InceptionFixtures.Input(0);
        float[] expected = Network.Value.Extract(input);

        foreach (string path in new[] { zip, legacy, safetensors })
        {
            KernelTestData.AssertBitIdentical(expected, InceptionV3.Load(path).Extract(input), Path.GetFileName(path));
        }
    }

    [Theory]
    [InlineData("inception_stem_zip.pth")]
    [InlineData("inception_stem_legacy.pth")]
    public void FilesWrittenByTorch_Load(string file)
    {
        // torch.save of the first 18 entries (Conv2d_1a/2a/2b with their counters): enough for 64 features.
        string path = InceptionFixtures.PathOf(file);
        var read = InceptionStateDict.Read(path);
        Assert.Equal(InceptionFixtures.StateDict.Take(18).Select(e => e.Key), read.Keys);
        Assert.All(InceptionFixtures.StateDict.Take(18), e => Assert.Equal(e.Value.Data, read[e.Key].Data));

        InceptionV3 network = InceptionV3.Load(path, dimensions: 64);
        for (int number = 0; number < InceptionFixtures.Inputs.Count; number++)
        {
            string name = InceptionFixtures.Inputs[number].Name;
            AssertClose(InceptionFixtures.Expected(name, 64), network.Extract(InceptionFixtures.Input(number)), $"{file} {name}");
        }

        var ex = Assert.Throws<InvalidDataException>(() => InceptionV3.Load(path, dimensions: 192));
        Assert.Contains("missing keys: Conv2d_3b_1x1.conv.weight", ex.Message);
    }

    [Fact]
    public void Features_DoNotDependOnBatchSizeOrThreadCount()
    {
        InceptionV3 network = Network.Value.WithDimensions(2048);
        network.MaxSubBatch = 3;
        float[] pixels = [.. Enumerable.Range(0, 7 * 3 * 20 * 20).Select(i => InceptionFixtures.Bits24(7, i) / 16777216f)];
        var batch = Tensor.FromArray(pixels, 7, 3, 20, 20);
        float[] together = network.Extract(batch);
        int threads = EngineSettings.ThreadCount;
        try
        {
            for (int n = 0; n < 7; n++)
            {
                EngineSettings.ThreadCount = 1 + (n % 3);
                var single = Tensor.FromArray(pixels.AsSpan(n * 1200, 1200), 1, 3, 20, 20);
                KernelTestData.AssertBitIdentical(together.AsSpan(n * 2048, 2048), network.Extract(single), $"image {n} alone on {EngineSettings.ThreadCount} threads");
            }

            EngineSettings.ThreadCount = 1;
            KernelTestData.AssertBitIdentical(together, network.Extract(batch), "the batch on 1 thread");
            EngineSettings.ThreadCount = 3;
            KernelTestData.AssertBitIdentical(together, network.Extract(batch), "the batch on 3 threads");
        }
        finally
        {
            EngineSettings.ThreadCount = threads;
        }
    }

    [Fact]
    public void Channels_FollowPilsConversionToRgb()
    {
        InceptionV3 network = Network.Value.WithDimensions(64);
        float[] gray = [.. Enumerable.Range(0, 2 * 28 * 28).Select(i => InceptionFixtures.Bits24(8, i) / 16777216f)];
        float[] noise = [.. Enumerable.Range(0, 2 * 28 * 28).Select(i => InceptionFixtures.Bits24(9, i) / 16777216f)];
        float[] rgb = Interleave(gray, gray, gray);
        float[] expected = network.Extract(Tensor.FromArray(rgb, 2, 3, 28, 28));

        KernelTestData.AssertBitIdentical(expected, network.Extract(Tensor.FromArray(gray, 2, 1, 28, 28)), "gray");
        KernelTestData.AssertBitIdentical(expected, network.Extract(Tensor.FromArray(Interleave(gray, noise), 2, 2, 28, 28)), "gray + alpha");
        KernelTestData.AssertBitIdentical(expected, network.Extract(Tensor.FromArray(Interleave(gray, gray, gray, noise), 2, 4, 28, 28)), "RGBA");
    }

    [Theory]
    [InlineData(new[] { 2, 3, 32 }, "[N, C, H, W]")]
    [InlineData(new[] { 1, 5, 8, 8 }, "got 5")]
    [InlineData(new[] { 1, 0, 8, 8 }, "got 0")]
    [InlineData(new[] { 1, 3, 0, 8 }, "at least 1 x 1")]
    [InlineData(new[] { 1, 3, 8, 0 }, "at least 1 x 1")]
    public void BadImages_Throw(int[] shape, string message)
    {
        var images = Tensor.Zeros(shape);

        var ex = Assert.Throws<ArgumentException>(() => Network.Value.WithDimensions(64).Extract(images, new float[1024]));

        Assert.Contains(message, ex.Message);
        Assert.Equal("images", ex.ParamName);
    }

    [Fact]
    public void ShortDestination_Throws_AndAnEmptyBatchIsNothingToDo()
    {
        InceptionV3 network = Network.Value.WithDimensions(64);

        var ex = Assert.Throws<ArgumentException>(() => network.Extract(Tensor.Zeros(2, 3, 8, 8), new float[127]));

        Assert.Contains("need 128 feature values", ex.Message);
        Assert.Empty(network.Extract(Tensor.Zeros(0, 3, 8, 8)));
    }

    [Fact]
    public void Progress_CountsImages_AndCancellationStops()
    {
        InceptionV3 network = Network.Value.WithDimensions(64);
        network.MaxSubBatch = 2;
        var reports = new List<int>();
        var progress = new SyncProgress(reports);

        network.Extract(Tensor.Zeros(5, 1, 16, 16), new float[5 * 64], progress);

        Assert.Equal(5, reports.Max());
        Assert.Equal(reports.Count, reports.Distinct().Count());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => network.Extract(Tensor.Zeros(5, 1, 16, 16), new float[5 * 64], null, cancelled.Token));
    }

    [Fact]
    public void Dimensions_OutsideTheLevels_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InceptionV3.FromStateDict(InceptionFixtures.StateDict, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => InceptionV3.Load(InceptionFixtures.PathOf("inception_stem_zip.pth"), 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Network.Value.WithDimensions(4096));
        InceptionV3 stem = InceptionV3.Load(InceptionFixtures.PathOf("inception_stem_zip.pth"), 64);
        var ex = Assert.Throws<ArgumentException>(() => stem.WithDimensions(768));
        Assert.Contains("Conv2d_3b_1x1", ex.Message);
    }

    [Fact]
    public void Load_ExplainsWhatIsWrong()
    {
        string missing = _temp.File("absent.pth");
        var notFound = Assert.Throws<FileNotFoundException>(() => InceptionV3.Load(missing));
        Assert.Contains(InceptionWeights.Url.ToString(), notFound.Message);
        Assert.Contains(missing, notFound.Message);

        string garbage = _temp.File("garbage.pth");
        File.WriteAllText(garbage, "no weights here");
        Assert.Contains(garbage, Assert.Throws<InvalidDataException>(() => InceptionV3.Load(garbage)).Message);

        string partial = _temp.File("partial.safetensors");
        SafeTensorsFile.Write(partial, InceptionFixtures.StateDict.Where(e => e.Key != "Mixed_7c.branch_pool.bn.bias"));
        var bad = Assert.Throws<InvalidDataException>(() => InceptionV3.Load(partial));
        Assert.Contains("1 missing keys: Mixed_7c.branch_pool.bn.bias", bad.Message);
        Assert.NotNull(InceptionV3.Load(partial, 768));

        var dict = new Dictionary<string, RawArray>(InceptionFixtures.StateDict) { ["extra"] = RawArray.FromSingles([0f], 1) };
        var argument = Assert.Throws<ArgumentException>(() => InceptionV3.FromStateDict(dict));
        Assert.Contains("1 unexpected keys: extra", argument.Message);
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = (RelativeTolerance * Math.Abs(expected[i])) + (AbsoluteTolerance * scale);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= bound, $"{what}: feature {i} is {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    /// <summary>Planes of several [N, 1, H, W] images stacked as the channels of [N, C, H, W].</summary>
    private static float[] Interleave(params float[][] channels)
    {
        int plane = 28 * 28;
        var result = new float[channels.Length * channels[0].Length];
        for (int n = 0; n < channels[0].Length / plane; n++)
        {
            for (int c = 0; c < channels.Length; c++)
            {
                channels[c].AsSpan(n * plane, plane).CopyTo(result.AsSpan(((n * channels.Length) + c) * plane));
            }
        }

        return result;
    }

    private sealed class SyncProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (values)
            {
                values.Add(value);
            }
        }
    }
}
