using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// Decodes a folder of JPEG files held in memory, on one thread, several times; prints the median rate.
/// The files come from <c>/usr/bin/python3 tools/bench_pil_jpeg.py</c>, which also times PIL on them.
/// </summary>
internal sealed class JpegDecodeCommand : IBenchmarkCommand
{
    public string Name => "jpegdecode";

    public string Description => "JPEG decode rate on a folder (--dir /tmp/dcgan-jpeg-bench --count 1000 --repeat 5 [--scalar])";

    public int Run(CommandArguments arguments)
    {
        string dir = arguments.String("dir", "/tmp/dcgan-jpeg-bench");
        int count = arguments.Int("count", 1000);
        int repeat = arguments.Int("repeat", 5);
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"No folder {dir}: run /usr/bin/python3 tools/bench_pil_jpeg.py --dir {dir} first.");
            return 2;
        }

        byte[][] files = Directory.GetFiles(dir, "*.jpg").Order(StringComparer.Ordinal).Take(count).Select(File.ReadAllBytes).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"No .jpg files in {dir}.");
            return 2;
        }

        JpegDecoderOptions options = arguments.Flag("scalar") ? new JpegDecoderOptions { UseSimd = false } : JpegDecoderOptions.Default;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Length} files, {files.Average(f => f.Length) / 1024:F1} KiB on average, SIMD {(options.UseSimd ? "on" : "off")}"));

        // One untimed pass lets the JIT reach its optimised tier.
        foreach (byte[] file in files)
        {
            JpegDecoder.Decode(file, options);
        }

        var rates = new List<double>();
        var cpuRates = new List<double>();
        long checksum = 0;
        using var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeat; r++)
        {
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (byte[] file in files)
            {
                checksum += JpegDecoder.Decode(file, options).Data[^1];
            }

            rates.Add(files.Length / watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpuRates.Add(files.Length / (process.TotalProcessorTime - cpuStart).TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pass {r + 1}: {rates[^1]:F1} images/s ({cpuRates[^1]:F1} per CPU second)"));
        }

        rates.Sort();
        cpuRates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checksum {checksum}"));
        // Per CPU second (all threads of the process) is steadier than wall time on a busy machine.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images_per_cpu_s {cpuRates[cpuRates.Count / 2]:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images_per_s {rates[rates.Count / 2]:F1}"));
        return 0;
    }
}
