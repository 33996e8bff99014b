using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Data;
using Dcgan.Net.Fid;
using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace DomainMetrics;

/// <summary>generator-fid and floor: domain FID against statistics of the real training split.</summary>
internal static class FidCommands
{
    public static int GeneratorFid(Arguments args)
    {
        string path = args.String("--generator") ?? throw new ArgumentException("generator-fid needs --generator FILE.");
        string? key = args.String("--key");
        var model = new DcganOptions { LatentDim = args.Int("--latent", 16), HiddenDim = args.Int("--hidden", 16) };
        int samples = args.Int("--samples", 10_000);
        var (classifier, location, options) = Common(args);
        args.RejectUnknown();

        var generator = new Generator(model);
        generator.LoadStateDict(ReadGenerator(path, key));
        var evaluator = Reference(classifier, location, options with { SampleCount = samples });
        var clock = Stopwatch.StartNew();
        var fid = evaluator.Evaluate(generator);
        Print($"domain FID of {samples} samples of {path}", fid, clock);

        var real = MnistDataset.Load(location.Folder, train: false, imageSize: 32, range: PixelScale.ZeroToOne);
        var collapse = ModeCollapse.Analyze(classifier, generator, new ModeCollapseOptions
        {
            SampleCount = samples,
            Seed = options.Seed,
            ExpectedShares = ModeCollapse.ClassShares(classifier, real),
        });
        Console.WriteLine($"class histogram against the classifier's predictions on the {real.Count} real test images:");
        Console.WriteLine(collapse);
        return 0;
    }

    public static int Floor(Arguments args)
    {
        var (classifier, location, options) = Common(args);
        args.RejectUnknown();
        if (!location.Train)
        {
            throw new ArgumentException($"{location} holds only the test split; the floor compares it with the training split.");
        }

        var evaluator = Reference(classifier, location, options);
        var test = MnistDataset.Load(location.Folder, train: false, imageSize: 32, range: PixelScale.ZeroToOne);
        var clock = Stopwatch.StartNew();
        Print($"domain FID of {Math.Min(test.Count, options.ReferenceCount)} real test images", evaluator.Evaluate(test), clock);
        return 0;
    }

    private static (DomainClassifier Classifier, DataLocation Location, DomainFidOptions Options) Common(Arguments args)
    {
        string? classifierPath = args.String("--classifier");
        var classifier = classifierPath is null ? DomainClassifier.LoadFashionMnist() : DomainClassifier.Load(classifierPath);
        var location = FashionMnist.LocateDefault(args.String("--data"));
        var options = new DomainFidOptions { ReferenceCount = args.Int("--reference", 10_000), Seed = args.ULong("--seed", 0) };
        return (classifier, location, options);
    }

    private static DomainFidEvaluator Reference(DomainClassifier classifier, DataLocation location, DomainFidOptions options)
    {
        var clock = Stopwatch.StartNew();
        var evaluator = DomainFidEvaluator.FromDataset(classifier, location.Load(32, PixelScale.ZeroToOne), options);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"reference: {evaluator.Reference.Count} images of {location} ({classifier.Dimensions}-d features, {clock.Elapsed.TotalSeconds:F1} s)"));
        return evaluator;
    }

    /// <summary>
    /// A generator state dict from safetensors or a PyTorch .pt file (under <paramref name="key"/> when the file holds a
    /// dictionary of several things); a Dcgan.Net checkpoint's "G." entries are unwrapped.
    /// </summary>
    private static Dictionary<string, RawArray> ReadGenerator(string path, string? key)
    {
        var state = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? SafeTensorsFile.Read(path).Tensors
            : TorchCheckpoint.ReadStateDict(path, key is null ? [] : [key]);
        bool checkpoint = state.Keys.Any(k => k.StartsWith("G.", StringComparison.Ordinal));
        return state.Where(kv => !checkpoint || kv.Key.StartsWith("G.", StringComparison.Ordinal))
            .ToDictionary(kv => checkpoint ? kv.Key[2..] : kv.Key, kv => kv.Value);
    }

    private static void Print(string what, FrechetResult fid, Stopwatch clock)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{what}: {fid.Distance:F4} (|mu1 - mu2|^2 {fid.MeanDistanceSquared:F4}, tr S1 {fid.TraceFirst:F4}, tr S2 {fid.TraceSecond:F4}, {fid.Method}; {clock.Elapsed.TotalSeconds:F1} s)"));
        foreach (string warning in fid.Warnings)
        {
            Console.WriteLine("  warning: " + warning);
        }
    }
}
