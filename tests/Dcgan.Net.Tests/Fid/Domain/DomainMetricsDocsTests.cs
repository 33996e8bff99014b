using Dcgan.Net.Data;
using Dcgan.Net.Fid;
using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tests.Data;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Fid.Domain;

/// <summary>The code of docs/domain-metrics.md, with small sizes, so the documented calls keep compiling and running.</summary>
public sealed class DomainMetricsDocsTests : IDisposable
{
    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Training_your_own_classifier_saving_and_loading_it()
    {
        var train = DomainFixtures.FashionSlice(0, 128);
        var classifier = DomainClassifier.Train(train, new DomainClassifierOptions
        {
            ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
            Width = 2,
            Epochs = 1,
        });
        string path = Path.Combine(_temp.Path, "mnist-classifier.safetensors");
        classifier.Save(path);
        var test = DomainFixtures.FashionSlice(128, 64);
        Assert.InRange(DomainClassifier.Load(path).Accuracy(test), 0, 1);
    }

    [Fact]
    public void Domain_fid_during_training_mode_collapse_and_saved_reference_statistics()
    {
        var classifier = DomainClassifier.LoadFashionMnist();
        var real = DomainFixtures.FashionSlice(0, 300);
        var evaluator = DomainFidEvaluator.FromDataset(classifier, real, new DomainFidOptions { SampleCount = 100 });
        var options = new DcganOptions { HiddenDim = 4, LatentDim = 8 };
        var trainer = new GanTrainer(new Generator(options), new Discriminator(options));
        var loader = new DataLoader(real.WithTransforms(new MinusOneToOne()), new DataLoaderOptions { BatchSize = 8 });
        using var tensorBoard = new TensorBoardWriter(_temp.Path);
        var printed = new List<string>();
        var hooks = new TrainingHooks()
            .Every(1, (_, r) => TrainingLog.LogStep(tensorBoard, r))
            .Every(2, evaluator.Hook(tensorBoard, p => printed.Add($"step {p.Step}: domain FID {p.Result.Distance:F3}")));
        trainer.Train(loader.Take(2).Select(b => b.Images), 2, hooks);
        Assert.Single(printed);
        Assert.Single(evaluator.History);

        var report = ModeCollapse.Analyze(classifier, trainer.Generator, new ModeCollapseOptions { SampleCount = 50 });
        Assert.Contains(report.Summary, report.ToString(), StringComparison.Ordinal);

        string stats = Path.Combine(_temp.Path, "real.npz");
        evaluator.Reference.Save(stats);
        var again = new DomainFidEvaluator(classifier, FeatureStatistics.Load(stats), evaluator.Options);
        Assert.Equal(evaluator.Evaluate(trainer.Generator).Distance, again.Evaluate(trainer.Generator).Distance, 1e-9);
    }

    /// <summary>[0, 1] to the generator's [-1, 1], for a loader over the same real images.</summary>
    private sealed class MinusOneToOne : ImageTransform
    {
        public override ImageShape GetOutputShape(ImageShape input) => input;

        public override void Apply(ReadOnlySpan<float> source, ImageShape sourceShape, Span<float> destination)
        {
            for (int i = 0; i < sourceShape.Size; i++)
            {
                destination[i] = (2 * source[i]) - 1;
            }
        }
    }
}
