using System.Globalization;
using Dcgan.Net.Data;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;
using Dcgan.Net.Training;

namespace TrainDcgan;

/// <summary>
/// The homework's main.py in C#: load the latest checkpoint of the run (or initialise), train to --steps with the
/// five curves logged to TensorBoard and CSV and a grid of G(fixed noise) saved every --sample-every steps, save the
/// generator's weights as runs/&lt;name&gt;/generator.safetensors (PyTorch key names), then evaluate. With --test it only loads the latest checkpoint and evaluates.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        SampleOptions o;
        try
        {
            o = SampleOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(SampleOptions.Usage);
            return 2;
        }

        var location = FashionMnist.LocateDefault(o.Data);
        var dataset = location.Load(imageSize: 32);
        Console.WriteLine($"data: {location.Folder} ({location.Origin}, {dataset.Count} images)");

        var model = new DcganOptions
        {
            LatentDim = o.Latent,
            HiddenDim = o.Hidden,
            Normalization = o.Norm,
            DiscriminatorRelu = o.Relu,
            LeakySlope = o.LeakySlope,
            Output = o.Loss == GanLossKind.WassersteinGradientPenalty ? DiscriminatorOutput.Logits : DiscriminatorOutput.Sigmoid,
        };
        var init = new TensorGenerator(o.Seed);
        var trainer = new GanTrainer(new Generator(model, init), new Discriminator(model, init), new GanTrainerOptions { Loss = o.Loss, Seed = o.Seed });
        var loader = new DataLoader(dataset, new DataLoaderOptions { BatchSize = o.Batch, Seed = o.Seed });

        string runDir = Path.Combine(o.Runs, o.Name);
        var checkpoints = new CheckpointDirectory(Path.Combine(runDir, "checkpoints"));
        var fixedNoise = trainer.Generator.SampleNoise(64, new TensorGenerator(o.Seed + 1));
        if (checkpoints.TryLoadLatest(trainer, loader, out var savedNoise))
        {
            fixedNoise = savedNoise ?? fixedNoise;
            Console.WriteLine($"resumed from {checkpoints.LatestPath} at step {trainer.StepCount}");
        }
        else if (o.TestOnly)
        {
            Console.Error.WriteLine($"--test needs a checkpoint, but {checkpoints.Directory} has none. Train first.");
            return 1;
        }

        var domain = new DomainEvaluation(o, location);
        if (!o.TestOnly && trainer.StepCount < o.Steps)
        {
            Train(o, trainer, loader, checkpoints, fixedNoise, runDir, domain);
        }

        Evaluate(trainer, loader, fixedNoise, runDir);
        domain.Report(trainer.Generator);
        return 0;
    }

    private static void Train(SampleOptions o, GanTrainer trainer, DataLoader loader, CheckpointDirectory checkpoints, Tensor fixedNoise, string runDir, DomainEvaluation domain)
    {
        using var tensorBoard = new TensorBoardWriter(runDir);
        using var csv = new CsvScalarLogger(Path.Combine(runDir, "scalars.csv"));
        var logger = new CompositeLogger(tensorBoard, csv);
        var hooks = new TrainingHooks()
            .LogCurves(logger, o.LogEvery)
            .SaveSampleGrids(new SampleGridWriter(Path.Combine(runDir, "images"), tensorBoard), fixedNoise, o.SampleEvery)
            .SaveCheckpoints(checkpoints, o.CheckpointEvery, fixedNoise, loader);
        domain.AddHook(hooks, logger);
        var progress = new ConsoleProgress();
        int remaining = (int)(o.Steps - trainer.StepCount);
        Console.WriteLine($"training steps {trainer.StepCount + 1}..{o.Steps}: latent {o.Latent}, hidden {o.Hidden}, batch {o.Batch}, loss {o.Loss}; logs in {runDir} (tensorboard --logdir {o.Runs})");
        trainer.Train(loader.Take(remaining).Select(b => b.Images), o.Steps, hooks, progress);
        progress.Finish();
        checkpoints.Save(trainer, fixedNoise, loader);

        // The generator alone, with PyTorch's key names, for torch's load_state_dict and for FID tools.
        SafeTensorsFile.Write(Path.Combine(runDir, "generator.safetensors"), trainer.Generator.StateDict());
        logger.Flush();
    }

    private static void Evaluate(GanTrainer trainer, DataLoader loader, Tensor fixedNoise, string runDir)
    {
        var real = loader.Next().Images;
        trainer.Discriminator.Eval();
        using var noGrad = Dcgan.Net.Tensors.Autograd.GradMode.NoGrad();
        var fakes = trainer.Sample(trainer.Generator.SampleNoise(real.Size(0), new TensorGenerator(12345)));
        float dx = trainer.Discriminator.ForwardLogits(real).Sigmoid().Mean().Item();
        float dgz = trainer.Discriminator.ForwardLogits(fakes).Sigmoid().Mean().Item();
        string grid = new SampleGridWriter(Path.Combine(runDir, "images")).Write(trainer.Generator, fixedNoise, trainer.StepCount);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluation at step {trainer.StepCount}: D(x) {dx:F3}, D(G(z)) {dgz:F3} (0.5 at the equilibrium); samples in {grid}"));
    }
}
