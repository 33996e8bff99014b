using Dcgan.Net.Data;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Logging;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public class TrainingHooksTests
{
    [Fact]
    public void Curves_grids_and_checkpoints_are_written_at_their_intervals()
    {
        using var temp = new TempDirectory();
        var pixels = new byte[16 * 32 * 32];
        new Random(1).NextBytes(pixels);
        var data = new ByteImageDataset(pixels, new ImageShape(1, 32, 32)).WithTransforms(ImageTransform.Normalize(PixelScale.MinusOneToOne));
        var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 4 });
        var model = new DcganOptions { HiddenDim = 4, LatentDim = 8 };
        var trainer = new GanTrainer(new Generator(model, new TensorGenerator(1)), new Discriminator(model, new TensorGenerator(2)));
        var noise = trainer.Generator.SampleNoise(4, new TensorGenerator(3));
        var logger = new RecordingLogger();
        var checkpoints = new CheckpointDirectory(temp.Combine("checkpoints"));
        var hooks = new TrainingHooks()
            .LogCurves(logger, 2)
            .SaveSampleGrids(new SampleGridWriter(temp.Combine("images")), noise, 3)
            .SaveCheckpoints(checkpoints, 4, noise, loader);

        trainer.Train(loader.Take(6).Select(b => b.Images), 6, hooks);

        Assert.Equal([2L, 4, 6], logger.Values.Select(v => v.Step).Distinct());
        string[] tags = [TrainingLog.DiscriminatorLossTag, TrainingLog.GeneratorLossTag, TrainingLog.RealScoreTag, TrainingLog.FakeBeforeTag, TrainingLog.FakeAfterTag];
        Assert.Equal(tags, logger.Values.Where(v => v.Step == 2).Select(v => v.Tag));
        Assert.Equal(["fixed_noise_000003.png", "fixed_noise_000006.png"], Directory.GetFiles(temp.Combine("images")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The checkpoint of step 4 holds the loader's position: a fresh loader restored from it serves batch 5.
        var other = new GanTrainer(new Generator(model), new Discriminator(model));
        var otherLoader = new DataLoader(data, new DataLoaderOptions { BatchSize = 4 });
        Assert.True(new CheckpointDirectory(checkpoints.Directory).TryLoadLatest(other, otherLoader, out var savedNoise));
        Assert.Equal(4, other.StepCount);
        Assert.Equal(noise.ToArray(), savedNoise!.ToArray());
        var replay = new DataLoader(data, new DataLoaderOptions { BatchSize = 4 });
        var fifth = replay.Take(5).Last().Images.ToArray();
        Assert.Equal(fifth, otherLoader.Next().Images.ToArray());
    }

    [Fact]
    public void Intervals_below_one_are_rejected()
    {
        var hooks = new TrainingHooks();
        Assert.Throws<ArgumentOutOfRangeException>(() => hooks.Every(0, (_, _) => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => hooks.LogCurves(new RecordingLogger(), 0));
    }

    private sealed class RecordingLogger : IScalarLogger
    {
        public List<(string Tag, float Value, long Step)> Values { get; } = [];

        public void LogScalar(string tag, float value, long step) => Values.Add((tag, value, step));

        public void Flush()
        {
        }
    }
}
