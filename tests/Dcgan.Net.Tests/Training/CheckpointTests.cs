using Dcgan.Net.Data;
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

    /// <summary>
    /// The user's loop (load latest or initialise, Train with a checkpoint hook over a DataLoader) with every source
    /// of randomness switched on: instance noise, the replay buffer, lazy R1, shuffling. Stopping after 3 steps and
    /// resuming in a fresh process-like set-up gives the same bits as 6 uninterrupted steps.
    /// </summary>
    [Fact]
    public void Resuming_a_loop_over_a_data_loader_with_regularisers_matches_an_uninterrupted_run_bit_for_bit()
    {
        var pixels = new byte[40 * 32 * 32];
        new Random(5).NextBytes(pixels);
        var data = new ByteImageDataset(pixels, new ImageShape(1, 32, 32)).WithTransforms(ImageTransform.Normalize(PixelScale.MinusOneToOne));
        var trainerOptions = new GanTrainerOptions
        {
            Seed = 3, InstanceNoiseStd = 0.2f, InstanceNoiseAnnealSteps = 5, ReplayBufferSize = 6, R1Gamma = 0.5f, R1Interval = 2,
        };

        (GanTrainer Trainer, DataLoader Loader) Fresh()
        {
            var model = new DcganOptions { HiddenDim = 4, LatentDim = 8 };
            var trainer = new GanTrainer(new Generator(model, new TensorGenerator(1)), new Discriminator(model, new TensorGenerator(2)), trainerOptions);
            return (trainer, new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 4 }));
        }

        void RunTo(long steps, string directory)
        {
            var (trainer, loader) = Fresh();
            var checkpoints = new CheckpointDirectory(directory);
            checkpoints.TryLoadLatest(trainer, loader, out _);
            var hooks = new TrainingHooks().SaveCheckpoints(checkpoints, 1, Tensor.Ones(2, 8), loader);
            trainer.Train(loader.Take((int)(steps - trainer.StepCount)).Select(b => b.Images), steps, hooks);
        }

        string straight = Path.Combine(_dir, "straight"), resumed = Path.Combine(_dir, "resumed");
        RunTo(6, straight);
        RunTo(3, resumed);
        RunTo(6, resumed);

        var (a, _) = Fresh();
        var (b, loaderB) = Fresh();
        Assert.True(new CheckpointDirectory(straight).TryLoadLatest(a, out _, out _));
        Assert.True(new CheckpointDirectory(resumed).TryLoadLatest(b, loaderB, out var noise));
        Assert.Equal(6, b.StepCount);
        Assert.Equal(Tensor.Ones(2, 8).ToArray(), noise!.ToArray());
        var sa = a.ExportState([]);
        var sb = b.ExportState([]);
        Assert.Contains("replay_buffer", sa.Keys);
        Assert.Equal(sa.Keys, sb.Keys);
        foreach (var (key, value) in sa)
        {
            Assert.True(value.Data.SequenceEqual(sb[key].Data), $"{key} differs after resuming");
        }

        Assert.Equal(a.Random.GetState(), b.Random.GetState());
    }

    [Fact]
    public void A_checkpoint_with_a_replay_buffer_needs_a_trainer_with_one()
    {
        var options = new DcganOptions { HiddenDim = 4, LatentDim = 8 };
        var withReplay = new GanTrainer(new Generator(options), new Discriminator(options), new GanTrainerOptions { ReplayBufferSize = 4 });
        Run(withReplay, 1);
        var path = Path.Combine(_dir, "replay.safetensors");
        GanCheckpoint.Save(path, withReplay);
        var ex = Assert.Throws<ArgumentException>(() => GanCheckpoint.Load(path, NewTrainer()));
        Assert.Contains("replay", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoints_record_the_trainer_and_network_options()
    {
        var model = new DcganOptions { HiddenDim = 4, LatentDim = 8, Normalization = NormalizationKind.Instance, Output = DiscriminatorOutput.Logits };
        var options = new GanTrainerOptions { Loss = GanLossKind.Hinge, GeneratorLearningRate = 1e-3, R1Gamma = 2f, R1Interval = 4, Seed = 9 };
        var trainer = new GanTrainer(new Generator(model), new Discriminator(model), options);
        var path = Path.Combine(_dir, "options.safetensors");
        GanCheckpoint.Save(path, trainer);
        var (_, metadata) = GanCheckpoint.Load(path, new GanTrainer(new Generator(model), new Discriminator(model), options));

        Assert.Equal(options, GanCheckpoint.ReadTrainerOptions(metadata));
        Assert.Equal(model, GanCheckpoint.ReadNetworkOptions(metadata, GanCheckpoint.GeneratorOptionsKey));
        Assert.Equal(model, GanCheckpoint.ReadNetworkOptions(metadata, GanCheckpoint.DiscriminatorOptionsKey));
        Assert.Contains("\"Hinge\"", metadata[GanCheckpoint.TrainerOptionsKey], StringComparison.Ordinal);

        var bad = new Dictionary<string, string> { [GanCheckpoint.TrainerOptionsKey] = "{not json" };
        Assert.Throws<InvalidDataException>(() => GanCheckpoint.ReadTrainerOptions(bad));
        Assert.Null(GanCheckpoint.ReadTrainerOptions(new Dictionary<string, string>()));
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
