using Dcgan.Net.Data;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Logging;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public class GettingStartedLoopTests
{
    /// <summary>
    /// docs/getting-started.md's "own training loop" with a small network, batch 8, 4 steps and intervals of 2, run
    /// twice (the second run resumes), then compared with one uninterrupted run.
    /// </summary>
    [Fact]
    public void The_documented_loop_writes_logs_grids_and_checkpoints_and_resumes()
    {
        using var temp = new TempDirectory();
        var data = FashionMnist.LoadDefault();

        GanTrainer Run(string root, long totalSteps)
        {
            var loader = new DataLoader(data, new DataLoaderOptions { BatchSize = 8, Seed = 0 });
            var model = new DcganOptions { HiddenDim = 4 };
            var trainer = new GanTrainer(new Generator(model, new TensorGenerator(1)), new Discriminator(model, new TensorGenerator(2)), new GanTrainerOptions { LabelSmoothing = 0.1f });
            var checkpoints = new CheckpointDirectory(Path.Combine(root, "checkpoints"));
            var fixedNoise = trainer.Generator.SampleNoise(16, new TensorGenerator(1));
            if (checkpoints.TryLoadLatest(trainer, loader, out var savedNoise))
            {
                fixedNoise = savedNoise ?? fixedNoise;
            }

            using var log = new CompositeLogger(new TensorBoardWriter(root), new CsvScalarLogger(Path.Combine(root, "scalars.csv")));
            var hooks = new TrainingHooks()
                .LogCurves(log, every: 2)
                .SaveSampleGrids(new SampleGridWriter(Path.Combine(root, "images"), log), fixedNoise, every: 2)
                .SaveCheckpoints(checkpoints, every: 2, fixedNoise, loader);
            trainer.Train(loader.Take((int)(totalSteps - trainer.StepCount)).Select(b => b.Images), totalSteps, hooks);
            return trainer;
        }

        string resumed = temp.Combine("resumed");
        Run(resumed, 2);
        var continued = Run(resumed, 4);
        var straight = Run(temp.Combine("straight"), 4);

        Assert.Equal(4, continued.StepCount);
        Assert.Equal(["fixed_noise_000002.png", "fixed_noise_000004.png"], Directory.GetFiles(Path.Combine(resumed, "images")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var events = EventFileReader.ReadRun(resumed);
        Assert.Equal(2, events.Count(e => e.Kind == EventRecordKind.Image));
        Assert.Equal(10, events.Count(e => e.Kind == EventRecordKind.Scalar));
        foreach (var (key, value) in straight.Generator.StateDict())
        {
            Assert.Equal(value.Data, continued.Generator.StateDict()[key].Data);
        }
    }
}
