using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Data;
using Dcgan.Net.Fid.Domain;

namespace DomainMetrics;

/// <summary>train-classifier: trains, saves, and reports the accuracy on the test split next to the training data.</summary>
internal static class TrainClassifierCommand
{
    public static int Run(Arguments args)
    {
        string? dataPath = args.String("--data");
        string names = args.String("--names") ?? "fashion-mnist";
        var options = new DomainClassifierOptions
        {
            Epochs = args.Int("--epochs", 5),
            BatchSize = args.Int("--batch", 64),
            LearningRate = args.Double("--lr", 2e-3),
            Width = args.Int("--width", 16),
            FeatureDimensions = args.Int("--features", 128),
            Seed = args.ULong("--seed", 0),
            ClassNames = names switch
            {
                "fashion-mnist" => FashionMnist.ClassNames,
                "digits" => Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
                _ => throw new ArgumentException($"Unknown --names '{names}'; use fashion-mnist or digits."),
            },
        };
        string output = args.String("--out") ?? "domain-classifier.safetensors";
        args.RejectUnknown();

        var location = FashionMnist.LocateDefault(dataPath);
        if (!location.Train)
        {
            throw new ArgumentException($"{location} holds no training split; the classifier trains on train-images-idx3-ubyte.");
        }

        var train = location.Load(32, PixelScale.ZeroToOne);
        Console.WriteLine($"training on {location}: {train.Count} images, {options.Epochs} epochs, batch {options.BatchSize}, seed {options.Seed}");
        var clock = Stopwatch.StartNew();
        var classifier = DomainClassifier.Train(train, options, new EpochPrinter(clock));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {clock.Elapsed.TotalSeconds:F0} s"));
        classifier.Save(output);
        Console.WriteLine($"saved {Path.GetFullPath(output)} ({new FileInfo(output).Length} bytes)");

        if (MnistDataset.FindFile(location.Folder, MnistDataset.TestImagesName) is not null)
        {
            var test = MnistDataset.Load(location.Folder, train: false, imageSize: 32, range: PixelScale.ZeroToOne);
            double accuracy = classifier.Accuracy(test);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy {accuracy:F4} on {test.Count} images of {location.Folder}"));
        }

        return 0;
    }

    /// <summary>Prints the mean loss of every 10% of an epoch, synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class EpochPrinter(Stopwatch clock) : IProgress<DomainClassifierProgress>
    {
        private double _sum;
        private int _count;

        public void Report(DomainClassifierProgress value)
        {
            _sum += value.Loss;
            _count++;
            long perEpoch = value.TotalSteps / value.Epochs;
            if (value.Step % Math.Max(1, perEpoch / 10) == 0 || value.Step == value.TotalSteps)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"epoch {value.Epoch}/{value.Epochs} step {value.Step}/{value.TotalSteps} loss {_sum / _count:F4} lr {value.LearningRate:G3} {clock.Elapsed.TotalSeconds:F0} s"));
                _sum = 0;
                _count = 0;
            }
        }
    }
}
