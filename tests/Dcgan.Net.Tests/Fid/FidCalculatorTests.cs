using Dcgan.Net.Data;
using Dcgan.Net.Fid;
using Dcgan.Net.Fid.Features;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Data;

namespace Dcgan.Net.Tests.Fid;

public sealed partial class FidCalculatorTests : IDisposable
{
    // Two folders of 40 images each, of three sizes in mixed order; the second is brighter.
    private static readonly (int Width, int Height)[] Sizes =
        [.. Enumerable.Range(0, 40).Select(i => (i % 5) switch { 0 => (9, 7), 1 or 2 => (8, 8), _ => (6, 10) })];

    private readonly DataFixtures.TempFolder _folder = DataFixtures.NewTempFolder();
    private readonly string[] _realFiles;
    private readonly string _real;
    private readonly string _fake;

    public FidCalculatorTests()
    {
        _real = _folder.File("real");
        _fake = _folder.File("fake");
        _realFiles = FidTestImages.WriteFolder(_real, Sizes, seed: 100);
        FidTestImages.WriteFolder(_fake, Sizes, seed: 200, shift: 40);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ComputeStatistics_equals_statistics_of_the_features_of_each_file()
    {
        var extractor = new ProjectionExtractor();
        var expected = new FeatureStatistics(extractor.Dimensions);
        foreach (string file in _realFiles)
        {
            var features = new float[extractor.Dimensions];
            var image = ImageFile.Load(file, 3);
            extractor.Extract(Tensor.Wrap(image.ToChw(), 1, 3, image.Height, image.Width), features);
            expected.Add(features);
        }

        var statistics = new FidCalculator(new ProjectionExtractor()).ComputeStatistics(ImageSet.FromFolder(_real));

        Assert.Equal(40, statistics.Count);
        Assert.Equal(expected.GetMean(), statistics.GetMean());
        Assert.Equal(expected.GetCovariance(), statistics.GetCovariance());
    }

    [Theory]
    [InlineData(1, 40, 40)]
    [InlineData(3, 24, 14)]
    [InlineData(7, 24, 6)]
    public void Results_do_not_depend_on_the_batch_size(int batchSize, int folderBatches, int tensorBatches)
    {
        var uniform = Tensor.Rand(new TensorGenerator(12), 40, 3, 8, 8);
        FidResult Run(int size) =>
            new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { BatchSize = size })
                .Compute(ImageSet.FromFolder(_real), ImageSet.FromTensor(uniform));

        var reference = Run(50);
        var result = Run(batchSize);

        Assert.Equal((24, 1), (reference.First.BatchCount, reference.Second.BatchCount));
        Assert.Equal((folderBatches, tensorBatches), (result.First.BatchCount, result.Second.BatchCount));
        Assert.Equal(reference.First.Statistics.GetMean(), result.First.Statistics.GetMean());
        Assert.Equal(reference.First.Statistics.GetCovariance(), result.First.Statistics.GetCovariance());
        Assert.Equal(reference.Second.Statistics.GetCovariance(), result.Second.Statistics.GetCovariance());
        Assert.Equal(reference.Distance, result.Distance);
        Assert.True(reference.Distance > 0.01, $"the sets differ, so the distance should too: {reference.Distance}");
    }

    [Fact]
    public void Statistics_files_round_trip_and_paths_work_like_pytorch_fids_command()
    {
        var fid = new FidCalculator(new ProjectionExtractor());
        string stats = _folder.File("real_stats.npz");
        fid.ComputeStatistics(ImageSet.FromFolder(_real)).Save(stats);
        ImageArray.FromImages([.. Directory.GetFiles(_fake).Order(StringComparer.Ordinal).Take(10).Select(f => ImageFile.Load(f, 3))
            .Select(i => ImageResize.Bicubic(i, 8, 8))]).Save(_folder.File("fake10.npy"));

        double folders = fid.Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake)).Distance;

        Assert.Equal(folders, fid.Compute(ImageSet.FromFolder(_fake), FeatureStatistics.Load(stats)).Distance, 12);
        Assert.Equal(folders, fid.Compute(_real, _fake).Distance);
        Assert.Equal(folders, fid.Compute(stats, _fake).Distance, 12);
        var both = fid.Compute(stats, stats);
        Assert.Equal(0, both.Distance, 9);
        Assert.False(both.First.ComputedFromImages);
        Assert.Equal(40, both.First.ImageCount);
        Assert.Equal(10, fid.ComputeStatistics(_folder.File("fake10.npy")).Count);
        Assert.Equal(FeatureStatistics.Load(stats).GetMean(), fid.ComputeStatistics(stats).GetMean());
        Assert.Throws<FileNotFoundException>(() => fid.Compute(_folder.File("nothing"), _fake));
    }

    [Fact]
    public void The_generator_path_equals_the_tensor_path()
    {
        var samples = Tensor.FromArray([.. Tensor.Randn(new TensorGenerator(9), 30, 3, 8, 8).ToArray().Select(MathF.Tanh)], 30, 3, 8, 8);
        var fid = new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { BatchSize = 4 });
        int offset = 0;
        Tensor Next(int n)
        {
            var batch = Tensor.FromArray(samples.AsSpan().Slice(offset * 192, n * 192), n, 3, 8, 8);
            offset += n;
            return batch;
        }

        var fromGenerator = fid.Compute(ImageSet.FromFolder(_real), ImageSet.FromGenerator(Next, 30, quantize: true));
        var fromTensor = fid.Compute(ImageSet.FromFolder(_real), ImageSet.FromTensor(samples, PixelRange.MinusOneToOne, quantize: true));

        Assert.Equal(fromTensor.Distance, fromGenerator.Distance);
        Assert.Equal(30, fromGenerator.Second.ImageCount);
        Assert.Equal([new ImageShape(3, 8, 8)], fromGenerator.Second.ImageShapes);
    }

    [Fact]
    public void Diagnostics_report_the_method_counts_shapes_and_small_sample_warnings()
    {
        var pytorch = new FidCalculator(new ProjectionExtractor(dimensions: 48), new FidCalculatorOptions { Method = FrechetMethod.PytorchFid, BatchSize = 16 });
        var result = pytorch.Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake));
        var symmetric = new FidCalculator(new ProjectionExtractor(dimensions: 48)).Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake));

        Assert.Equal(FrechetMethod.PytorchFid, result.Frechet.Method);
        Assert.True(result.Frechet.HasSingularCovariance);
        Assert.Contains(result.Warnings, w => w.Contains("not more than the 48 feature dimensions", StringComparison.Ordinal));
        Assert.Equal((40L, 40L), (result.Frechet.FirstCount!.Value, result.Frechet.SecondCount!.Value));
        Assert.Equal([new ImageShape(3, 7, 9), new ImageShape(3, 8, 8), new ImageShape(3, 10, 6)], result.First.ImageShapes);
        Assert.Equal(Sizes.Length, result.First.ImageCount);
        Assert.True(result.First.ComputedFromImages && result.First.ImagesPerSecond > 0 && result.DistanceTime >= TimeSpan.Zero);
        Assert.Contains(_real, result.First.Source, StringComparison.Ordinal);
        Assert.Equal(symmetric.Distance, result.Distance, 1e-6 * symmetric.Distance);
    }

    [Fact]
    public void Kid_on_the_same_features_when_asked_and_a_warning_when_a_side_is_statistics()
    {
        var kidOptions = new KidOptions { SubsetCount = 5, SubsetSize = 20 };
        var fid = new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { Kid = kidOptions, BatchSize = 9 });

        var result = fid.Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake));
        var direct = KernelInceptionDistance.Compute(
            fid.ComputeFeatures(ImageSet.FromFolder(_real)), fid.ComputeFeatures(ImageSet.FromFolder(_fake)), 8, kidOptions);

        Assert.NotNull(result.Kid);
        Assert.Equal(direct.SubsetValues, result.Kid.SubsetValues);
        Assert.Equal(direct.Mean, fid.ComputeKid(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake)).Mean);
        Assert.True(result.Kid.Mean > 0);
        var withStatistics = fid.Compute(ImageSet.FromFolder(_real), result.Second.Statistics);
        Assert.Null(withStatistics.Kid);
        Assert.Contains(withStatistics.Warnings, w => w.Contains("no KID was computed", StringComparison.Ordinal));
        Assert.Equal(result.Distance, withStatistics.Distance, 12);

        var extractor = new ProjectionExtractor();
        var tooSmall = new FidCalculator(extractor, new FidCalculatorOptions { Kid = new KidOptions { SubsetSize = 41 } });
        Assert.Throws<ArgumentException>(() => tooSmall.Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake)));
        Assert.Throws<ArgumentException>(() => new FidCalculator(extractor).ComputeKid(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake)));
        Assert.Empty(extractor.BatchShapes);
    }

    [Fact]
    public void Progress_counts_up_to_the_set_size_and_cancellation_stops_the_pass()
    {
        var reports = new List<FidProgress>();
        var fid = new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { BatchSize = 16, Progress = new SynchronousProgress(reports.Add) });
        fid.ComputeStatistics(ImageSet.FromFolder(_real));

        Assert.Equal(reports.Select(r => r.ImagesDone).Order(), reports.Select(r => r.ImagesDone));
        Assert.Equal(40, reports[^1].ImagesDone);
        Assert.All(reports, r => Assert.Equal(40, r.ImageCount));

        using var cancel = new CancellationTokenSource();
        var cancelling = new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { BatchSize = 8, Progress = new SynchronousProgress(_ => cancel.Cancel()) });
        Assert.ThrowsAny<OperationCanceledException>(() => cancelling.ComputeStatistics(ImageSet.FromFolder(_real), cancel.Token));
    }

    [Fact]
    public void Bad_inputs_fail_with_messages_that_say_what_is_wrong()
    {
        var fid = new FidCalculator(new ProjectionExtractor());
        var wrongDimensions = new FidCalculator(new ProjectionExtractor(dimensions: 5)).ComputeStatistics(ImageSet.FromFolder(_real));
        Assert.Contains("5 dimensions but the feature extractor gives 8", Assert.Throws<ArgumentException>(
            () => fid.Compute(ImageSet.FromFolder(_real), wrongDimensions)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => fid.Compute(ImageSet.FromFolder(_real), ImageSet.FromTensor(Tensor.Zeros(1, 3, 4, 4))));

        var gray = new FidCalculator(new ProjectionExtractor(acceptsGray: false));
        Assert.Contains("takes 3 channels, got 1", Assert.Throws<ArgumentException>(
            () => gray.ComputeStatistics(ImageSet.FromFolder(_real, channels: 1))).Message, StringComparison.Ordinal);

        var nan = new FidCalculator(new NaNExtractor());
        Assert.Contains("returned NaN as feature 1 of image 3", Assert.Throws<InvalidOperationException>(
            () => nan.ComputeStatistics(ImageSet.FromFolder(_real))).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentException>(() => new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { Method = (FrechetMethod)7 }));
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<FidProgress> report) : IProgress<FidProgress>
    {
        public void Report(FidProgress value) => report(value);
    }

    /// <summary>An extractor that breaks on the fourth image it sees.</summary>
    private sealed class NaNExtractor : IFeatureExtractor
    {
        private int _seen;

        public int Dimensions => 2;

        public void Extract(Tensor images, Span<float> features)
        {
            for (int i = 0; i < images.Size(0); i++, _seen++)
            {
                features[2 * i] = _seen;
                features[(2 * i) + 1] = _seen == 3 ? float.NaN : 1f / (_seen + 1);
            }
        }
    }
}
