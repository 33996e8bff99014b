using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// Decodes many small PNGs (default 10,000 of 32x32 RGB, CIFAR-like content made by our encoder) from memory
/// and prints the median decode rate. <c>--write DIR</c> also stores the corpus, plus one file per encoder
/// format with a .raw sidecar in DIR/check, for tools/bench_pil_png.py and tools/check_png_encoder.py.
/// </summary>
internal sealed class PngDecodeCommand : IBenchmarkCommand
{
    public string Name => "pngdecode";

    public string Description => "decode N small PNGs from memory: --count 10000 --size 32 --repeat 5 [--folder DIR | --write DIR]";

    public int Run(CommandArguments arguments)
    {
        int count = arguments.Int("count", 10_000);
        int size = arguments.Int("size", 32);
        int repeat = arguments.Int("repeat", 5);
        string folder = arguments.String("folder", "");
        string write = arguments.String("write", "");

        byte[][] files = folder.Length > 0
            ? Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).Take(count).Select(File.ReadAllBytes).ToArray()
            : Generate(count, size);
        if (write.Length > 0)
        {
            WriteCorpus(write, files);
        }

        long totalBytes = files.Sum(f => (long)f.Length);
        Console.WriteLine($"files {files.Length}, mean size {totalBytes / (double)files.Length:F0} bytes");
        long checksum = 0;
        foreach (var file in files.Take(100))
        {
            checksum += PngDecoder.Decode(file).Data[0];
        }

        var rates = new List<double>();
        for (int r = 0; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var file in files)
            {
                checksum += PngDecoder.Decode(file).Data[^1];
            }

            watch.Stop();
            double rate = files.Length / watch.Elapsed.TotalSeconds;
            rates.Add(rate);
            Console.WriteLine($"run {r + 1}: {rate:F0} images/s");
        }

        rates.Sort();
        Console.WriteLine($"checksum {checksum}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images_per_s {rates[rates.Count / 2]:F0}"));
        return 0;
    }

    /// <summary>Smooth color fields with texture and noise, so the files compress like small natural images.</summary>
    private static byte[][] Generate(int count, int size)
    {
        var random = new Random(5);
        var files = new byte[count][];
        var data = new byte[size * size * 3];
        for (int n = 0; n < count; n++)
        {
            double fx = random.NextDouble() * 0.4;
            double fy = random.NextDouble() * 0.4;
            int[] bases = [random.Next(256), random.Next(256), random.Next(256)];
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        double v = bases[c] + (60 * Math.Sin((fx * x * (c + 1)) + (fy * y))) + random.Next(-12, 13);
                        data[(((y * size) + x) * 3) + c] = (byte)Math.Clamp(v, 0, 255);
                    }
                }
            }

            files[n] = PngEncoder.Encode(new Image(size, size, 3, (byte[])data.Clone()));
        }

        return files;
    }

    private static void WriteCorpus(string folder, byte[][] files)
    {
        Directory.CreateDirectory(folder);
        for (int i = 0; i < files.Length; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"{i:D5}.png"), files[i]);
        }

        string check = Path.Combine(folder, "check");
        Directory.CreateDirectory(check);
        var random = new Random(7);
        foreach (int channels in new[] { 1, 2, 3, 4 })
        {
            foreach (int depth in new[] { 8, 16 })
            {
                foreach (var filter in Enum.GetValues<PngFilter>())
                {
                    int width = 17 + random.Next(20);
                    int height = 9 + random.Next(20);
                    var data = new byte[width * height * channels * depth / 8];
                    for (int i = 0; i < data.Length; i++)
                    {
                        data[i] = (byte)((i % 7 == 0 ? random.Next(256) : i * 3 / channels) & 0xFF);
                    }

                    var image = new Image(width, height, channels, data, depth);
                    string stem = $"{filter.ToString().ToLowerInvariant()}_{width}x{height}x{channels}x{depth}";
                    File.WriteAllBytes(Path.Combine(check, stem + ".png"), PngEncoder.Encode(image, new PngEncoderOptions { Filter = filter }));
                    File.WriteAllBytes(Path.Combine(check, stem + ".raw"), data);
                }
            }
        }

        Console.WriteLine($"wrote {files.Length} files to {folder} and encoder samples to {check}");
    }
}
