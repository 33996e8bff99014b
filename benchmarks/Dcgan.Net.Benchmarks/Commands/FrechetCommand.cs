using System.Diagnostics;
using Dcgan.Net.Fid;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// Fréchet distance of two random d-dimensional SPD statistics (Σ = A Aᵀ / 2d + 0.01 I with A [d, 2d] uniform from a
/// seed), median wall time of a few runs:
/// <c>frechet --dims 2048 [--runs 5] [--warmup 1] [--seed 1] [--method symmetric|pytorch] [--rank r]</c>.
/// With <c>--rank r</c> (r &lt; d) the covariances are singular, Σ = A Aᵀ / r with A [d, r], like statistics of r + 1
/// samples: the slow paths (eigenvectors, general QR).
/// </summary>
internal sealed class FrechetCommand : IBenchmarkCommand
{
    public string Name => "frechet";

    public string Description => "Fréchet distance of two random SPD statistics (--dims 2048 --runs 5 --seed 1 --method symmetric|pytorch --rank r)";

    public int Run(CommandArguments arguments)
    {
        int d = arguments.Int("dims", 2048);
        int runs = arguments.Int("runs", 5);
        var random = new Random(arguments.Int("seed", 1));
        var method = arguments.String("method", "symmetric") == "pytorch" ? FrechetMethod.PytorchFid : FrechetMethod.Symmetric;
        double[] mu1 = RandomVector(random, d), mu2 = RandomVector(random, d);
        int rank = arguments.Int("rank", 0);
        double[] sigma1 = RandomCovariance(random, d, rank), sigma2 = RandomCovariance(random, d, rank);

        var times = new List<double>();
        for (int r = -arguments.Int("warmup", 1); r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            var result = FrechetDistance.Compute(mu1, sigma1, mu2, sigma2, method);
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(
                $"{(r < 0 ? "warm-up" : $"run {r + 1}")}: {seconds:F3} s, distance {result.Distance:R}, negative mass {result.NegativeEigenvalueMass:G3}");
            if (r >= 0)
            {
                times.Add(seconds);
            }
        }

        times.Sort();
        Console.WriteLine($"seconds {times[times.Count / 2]:F3}");
        return 0;
    }

    private static double[] RandomVector(Random random, int d) =>
        Enumerable.Range(0, d).Select(_ => random.NextDouble()).ToArray();

    private static double[] RandomCovariance(Random random, int d, int rank)
    {
        bool singular = rank > 0 && rank < d;
        int k = singular ? rank : 2 * d;
        var a = new double[(long)d * k];
        for (long i = 0; i < a.LongLength; i++)
        {
            a[i] = random.NextDouble() - 0.5;
        }

        var sigma = new double[(long)d * d];
        Dgemm.Multiply(false, true, d, d, k, a, k, a, k, sigma, d, accumulate: false);
        for (long i = 0; i < sigma.LongLength; i++)
        {
            sigma[i] /= k;
        }

        // The product is symmetric up to rounding; make it exact and (full rank) well conditioned.
        for (int i = 0; i < d; i++)
        {
            sigma[((long)i * d) + i] += singular ? 0 : 0.01;
            for (int j = i + 1; j < d; j++)
            {
                sigma[((long)j * d) + i] = sigma[((long)i * d) + j];
            }
        }

        return sigma;
    }
}
