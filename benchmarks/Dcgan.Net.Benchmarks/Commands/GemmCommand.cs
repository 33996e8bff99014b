using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// <c>gemm --size 2048 [--m M --n N --k K] [--reps 9] [--warmup 3] [--threads T] [--isa Avx512|Avx2|Portable]
/// [--transa] [--transb]</c>: times <see cref="Sgemm.Multiply"/> and prints the median rate last as <c>gflops X</c>.
/// </summary>
internal sealed class GemmCommand : IBenchmarkCommand
{
    public string Name => "gemm";

    public string Description => "SGEMM C = A*B of --size (or --m/--n/--k); prints `gflops X` (median of --reps).";

    public int Run(CommandArguments arguments)
    {
        int size = arguments.Int("size", 2048);
        int m = arguments.Int("m", size);
        int n = arguments.Int("n", size);
        int k = arguments.Int("k", size);
        int reps = arguments.Int("reps", 9);
        int warmup = arguments.Int("warmup", 3);
        bool transA = arguments.Flag("transa");
        bool transB = arguments.Flag("transb");
        EngineSettings.ThreadCount = arguments.Int("threads", EngineSettings.ThreadCount);
        KernelIsa isa = Enum.Parse<KernelIsa>(arguments.String("isa", CpuFeatures.Best.ToString()), ignoreCase: true);
        using IDisposable scope = CpuFeatures.Force(isa);

        var rng = new Random(1);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] c = new float[m * n];
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        Console.WriteLine(
            $"sgemm m={m} n={n} k={k} transA={transA} transB={transB} isa={isa} threads={EngineSettings.ThreadCount}");

        for (int i = 0; i < warmup; i++)
        {
            Sgemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate: false);
        }

        double flops = 2.0 * m * n * k;
        var rates = new List<double>(reps);
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < reps; i++)
        {
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            Sgemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, c, n, accumulate: false);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            rates.Add(flops / seconds / 1e9);

            // Per CPU-second is the rate of one busy core; it shows kernel efficiency even when other
            // processes share the cores (the wall-clock rate then drops, this one much less).
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"rep {i}: {seconds * 1e3:F2} ms  {rates[^1]:F1} GFLOP/s  ({flops / cpuSeconds / 1e9:F1} per CPU-second)"));
        }

        rates.Sort();
        double median = reps % 2 == 1 ? rates[reps / 2] : (rates[(reps / 2) - 1] + rates[reps / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best {rates[^1]:F1} GFLOP/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gflops {median:F1}"));
        return 0;
    }
}
