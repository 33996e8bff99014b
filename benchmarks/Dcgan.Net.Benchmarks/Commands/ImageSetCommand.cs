using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Fid;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// Reads a folder of images through <see cref="ImageSet.FromFolder"/> (file reads, decoding, PIL-like RGB conversion,
/// [0, 1] batches: everything FID does before the feature network) and prints the median rate. The same folder goes to
/// tools/bench_pytorch_fid_loading.py for pytorch-fid's loading pipeline in the same sitting.
/// </summary>
internal sealed class ImageSetCommand : IBenchmarkCommand
{
    public string Name => "imageset";

    public string Description => "load a folder as FID batches: --folder DIR (e.g. from pngdecode --write) --batch 50 --repeat 5";

    public int Run(CommandArguments arguments)
    {
        string folder = arguments.String("folder", "");
        int batchSize = arguments.Int("batch", 50);
        int repeat = arguments.Int("repeat", 5);
        if (folder.Length == 0)
        {
            Console.Error.WriteLine("imageset needs --folder DIR; write one with: pngdecode --write DIR");
            return 2;
        }

        var set = ImageSet.FromFolder(folder);
        Console.WriteLine($"{set.Description}, batch {batchSize}");
        var rates = new List<double>();
        double checksum = 0;
        for (int r = 0; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var batch in set.Batches(batchSize))
            {
                checksum += batch.AsSpan()[^1];
            }

            double rate = set.Count / watch.Elapsed.TotalSeconds;
            rates.Add(rate);
            Console.WriteLine($"run {r + 1}: {rate:F0} images/s");
        }

        rates.Sort();
        Console.WriteLine($"checksum {checksum:F3}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images_per_s {rates[rates.Count / 2]:F0}"));
        return 0;
    }
}
