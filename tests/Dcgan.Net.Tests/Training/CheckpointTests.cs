using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dcgan-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static GanTrainer NewTrainer(ulong initSeed = 1)
    {
        var options = new DcganOptions { HiddenDim = 4, LatentDim = 8 };
        return new GanTrainer(new Generator(options, new TensorGenerator(initSeed)), new Discriminator(options, new TensorGenerator(initSeed + 1)), new GanTrainerOptions { Seed = 11 });
    }

    private static Tensor Batch(long step) => Tensor.Rand(new TensorGenerator((ulong)step), 4, 1, 32, 32).MulScalar(2f).AddScalar(-1f);

    private static void Run(GanTrainer trainer, long until)
    {
        while (trainer.StepCount < until)
        {
            trainer.Step(Batch(trainer.StepCount));
        }
    }

    [Fact]
    public void Resuming_from_a_checkpoint_matches_an_uninterrupted_run_bit_for_bit()
    {
        var straight = NewTrainer();
        Run(straight, 4);

        var first = NewTrainer();
        Run(first, 2);
        var dir = new CheckpointDirectory(_dir);
        dir.Save(first, fixedNoise: Tensor.Ones(2, 8));

        var resumed = NewTrainer(initSeed: 99);
        Assert.True(dir.TryLoadLatest(resumed, out var noise, out var metadata));
        Assert.Equal("2", metadata["step"]);
        Assert.Equal(Tensor.Ones(2, 8).ToArray(), noise!.ToArray());
        Run(resumed, 4);

        foreach (var (key, value) in straight.Generator.StateDict())
        {
            Assert.Equal(value.Data, resumed.Generator.StateDict()[key].Data);
        }

        foreach (var (key, value) in straight.Discriminator.StateDict())
        {
            Assert.Equal(value.Data, resumed.Discriminator.StateDict()[key].Data);
        }
    }

    [Fact]
    public void Empty_directory_means_initialise()
    {
        var trainer = NewTrainer();
        Assert.False(new CheckpointDirectory(_dir).TryLoadLatest(trainer, out _, out _));
        Assert.Equal(0, trainer.StepCount);
    }

    [Fact]
    public void A_corrupt_latest_falls_back_to_the_newest_step_file()
    {
        var trainer = NewTrainer();
        Run(trainer, 1);
        var dir = new CheckpointDirectory(_dir);
        dir.Save(trainer);
        File.WriteAllBytes(dir.LatestPath, [1, 2, 3]);

        var other = NewTrainer();
        Assert.True(dir.TryLoadLatest(other, out _, out _));
        Assert.Equal(1, other.StepCount);
    }

    [Fact]
    public void Only_the_newest_step_files_are_kept()
    {
        var trainer = NewTrainer();
        var dir = new CheckpointDirectory(_dir, keep: 2);
        for (int i = 0; i < 4; i++)
        {
            Run(trainer, i + 1);
            dir.Save(trainer);
        }

        string[] names = Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["latest.safetensors", "step-00000003.safetensors", "step-00000004.safetensors"], names);
    }

    [Fact]
    public void A_checkpoint_for_other_networks_names_the_mismatching_keys()
    {
        var trainer = NewTrainer();
        var path = Path.Combine(_dir, "a.safetensors");
        GanCheckpoint.Save(path, trainer);
        var options = new DcganOptions { HiddenDim = 8, LatentDim = 8 };
        var other = new GanTrainer(new Generator(options), new Discriminator(options));
        var ex = Assert.Throws<ArgumentException>(() => GanCheckpoint.Load(path, other));
        Assert.Contains("net.0.weight", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Divergence_leaves_the_last_good_checkpoint_intact()
    {
        var trainer = NewTrainer();
        Run(trainer, 1);
        var dir = new CheckpointDirectory(_dir);
        dir.Save(trainer);
        byte[] before = File.ReadAllBytes(dir.LatestPath);
        var bad = Batch(5);
        bad[0, 0, 0, 0] = float.PositiveInfinity;
        var hooks = new TrainingHooks().Every(1, (t, _) => dir.Save(t));
        Assert.Throws<TrainingDivergedException>(() => trainer.Train(Enumerable.Repeat(bad, 3), 3, hooks));
        Assert.Equal(before, File.ReadAllBytes(dir.LatestPath));
    }
}
