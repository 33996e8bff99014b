using System.Globalization;
using Dcgan.Net.Data;
using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Training;

namespace TrainDcgan;

/// <summary>
/// The domain metrics of the sample: the domain FID every --fid-every steps (logged as fid/domain), and the domain
/// FID and mode-collapse verdict of the final evaluation. Reference statistics come from the training data (10,000
/// images) and are computed once, when first needed.
/// </summary>
internal sealed class DomainEvaluation(SampleOptions options, DataLocation location)
{
    private readonly DomainClassifier _classifier = options.DomainClassifier is null
        ? DomainClassifier.LoadFashionMnist()
        : DomainClassifier.Load(options.DomainClassifier);

    private DomainFidEvaluator? _fid;

    private string ClassifierName => options.DomainClassifier ?? "the shipped Fashion-MNIST classifier";

    private DomainFidEvaluator Fid => _fid ??= CreateEvaluator();

    public TrainingHooks AddHook(TrainingHooks hooks, IScalarLogger logger)
    {
        if (options.FidEvery <= 0)
        {
            return hooks;
        }

        string newLine = Console.IsOutputRedirected ? "" : Environment.NewLine;
        return hooks.Every(options.FidEvery, Fid.Hook(logger, p => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{newLine}step {p.Step}: domain FID {p.Result.Distance:F4}"))));
    }

    public void Report(GeneratorModule generator)
    {
        var fid = Fid.Evaluate(generator);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"domain FID {fid.Distance:F4} ({options.FidSamples} samples against {Fid.Reference.Count} real images)"));
        var test = MnistDataset.FindFile(location.Folder, MnistDataset.TestImagesName) is null
            ? location.Load(32, PixelScale.ZeroToOne)
            : MnistDataset.Load(location.Folder, train: false, imageSize: 32, range: PixelScale.ZeroToOne);
        var collapse = ModeCollapse.Analyze(_classifier, generator, new ModeCollapseOptions { ExpectedShares = ModeCollapse.ClassShares(_classifier, test) });
        Console.WriteLine($"mode collapse, classes of {collapse.SampleCount} samples against the classifier's predictions on {test.Count} real images:");
        Console.WriteLine(collapse);
    }

    private DomainFidEvaluator CreateEvaluator()
    {
        Console.WriteLine($"domain FID: {ClassifierName}, reference statistics from {location}");
        return DomainFidEvaluator.FromDataset(_classifier, location.Load(32, PixelScale.ZeroToOne), new DomainFidOptions { SampleCount = options.FidSamples });
    }
}
