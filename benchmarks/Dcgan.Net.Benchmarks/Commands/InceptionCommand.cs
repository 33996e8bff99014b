using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// <c>inception --images 200 [--batch 50] [--size 32] [--dims 2048] [--threads T] [--warmup 1]</c>: times
/// <see cref="InceptionV3.Extract(Tensor, Span{float})"/> on random weights (BN statistics included) and random
/// RGB inputs of --size x --size (resized to 299 inside), in batches of --batch, as
/// tools/bench_torch_inception.py times pytorch-fid's model. Prints the per-batch rates, the peak working set, and
/// last <c>images_per_s X</c> (the median batch rate).
/// </summary>
internal sealed class InceptionCommand : IBenchmarkCommand
{
    public string Name => "inception";

    public string Description => "Inception-v3 (FID) features: --images 200 --batch 50 --size 32 --dims 2048; prints `images_per_s X`.";

    public int Run(CommandArguments arguments)
    {
        int images = arguments.Int("images", 200);
        int batch = arguments.Int("batch", 50);
        int size = arguments.Int("size", 32);
        int dims = arguments.Int("dims", InceptionV3.DefaultDimensions);
        int warmup = arguments.Int("warmup", 1);
        EngineSettings.ThreadCount = arguments.Int("threads", EngineSettings.ThreadCount);

        var clock = Stopwatch.StartNew();
        InceptionV3 network = InceptionV3.FromStateDict(RandomWeights(new Random(1)), dims);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"weights built and folded in {clock.Elapsed.TotalSeconds:F2} s"));

        var input = Tensor.Rand(new TensorGenerator(2), batch, 3, size, size);
        var features = new float[batch * dims];
        for (int i = 0; i < warmup; i++)
        {
            network.Extract(input, features);
        }

        var rates = new List<double>();
        var cpuRates = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (int done = 0; done < images; done += batch)
        {
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            network.Extract(input, features);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            rates.Add(batch / seconds);
            cpuRates.Add(batch / cpuSeconds);

            // Per CPU-second is the rate of one busy core: it shows the efficiency even when other processes share
            // the cores (the wall-clock rate then drops, this one much less).
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"batch {rates.Count}: {seconds:F3} s  {rates[^1]:F2} images/s  ({cpuRates[^1]:F2} per CPU-second)"));
        }

        process.Refresh();
        cpuRates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images_per_cpu_s {cpuRates[cpuRates.Count / 2]:F2}"));
        rates.Sort();
        double median = rates.Count % 2 == 1 ? rates[rates.Count / 2] : (rates[(rates.Count / 2) - 1] + rates[rates.Count / 2]) / 2;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"inception dims={dims} batch={batch} size={size} threads={EngineSettings.ThreadCount} peak_working_set_mb {process.PeakWorkingSet64 / (1024.0 * 1024.0):F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images_per_s {median:F2}"));
        return 0;
    }

    /// <summary>A full state dict with He-uniform convolutions and batch-norm statistics near 1 (activations keep their scale).</summary>
    private static OrderedDictionary<string, RawArray> RandomWeights(Random random)
    {
        var result = new OrderedDictionary<string, RawArray>(StringComparer.Ordinal);
        foreach (ConvSpec spec in InceptionLayout.Convolutions)
        {
            float bound = (float)Math.Sqrt(6.0 / spec.PatchSize);
            result.Add(spec.Prefix + ".conv.weight", Uniform(random, spec.WeightShape, -bound, bound));
            result.Add(spec.Prefix + ".bn.weight", Uniform(random, [spec.OutChannels], 0.8f, 1.2f));
            result.Add(spec.Prefix + ".bn.bias", Uniform(random, [spec.OutChannels], -0.2f, 0.2f));
            result.Add(spec.Prefix + ".bn.running_mean", Uniform(random, [spec.OutChannels], -0.2f, 0.2f));
            result.Add(spec.Prefix + ".bn.running_var", Uniform(random, [spec.OutChannels], 0.8f, 1.2f));
        }

        return result;
    }

    private static RawArray Uniform(Random random, long[] shape, float low, float high)
    {
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + ((high - low) * random.NextSingle());
        }

        return RawArray.FromSingles(values, shape);
    }
}
