using System.Diagnostics;
using Dcgan.Net.Fid;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// Mean and covariance of n random float32 features of length d (uniform from a seed) with
/// <see cref="FeatureStatistics"/>, median wall time of a few runs: <c>covariance --n 10000 --dims 2048 [--runs 5] [--warmup 1] [--seed 1]</c>.
/// </summary>
internal sealed class CovarianceCommand : IBenchmarkCommand
{
    public string Name => "covariance";

    public string Description => "FeatureStatistics mean + covariance of random features (--n 10000 --dims 2048 --runs 5 --seed 1)";

    public int Run(CommandArguments arguments)
    {
        int n = arguments.Int("n", 10_000);
        int d = arguments.Int("dims", 2048);
        int runs = arguments.Int("runs", 5);
        var random = new Random(arguments.Int("seed", 1));
        var features = new float[(long)n * d];
        for (long i = 0; i < features.LongLength; i++)
        {
            features[i] = random.NextSingle();
        }

        var times = new List<double>();
        for (int r = -arguments.Int("warmup", 1); r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            var stats = new FeatureStatistics(d);
            stats.Add(features);
            double[] covariance = stats.GetCovariance();
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{(r < 0 ? "warm-up" : $"run {r + 1}")}: {seconds:F3} s, sigma[0,0] {covariance[0]:R}");
            if (r >= 0)
            {
                times.Add(seconds);
            }
        }

        times.Sort();
        Console.WriteLine($"seconds {times[times.Count / 2]:F3}");
        return 0;
    }
}
