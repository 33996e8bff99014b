using System.Diagnostics;
using System.Globalization;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// <c>conv [--batch 64] [--hidden 16] [--reps 21] [--threads T]</c>: times the three convolution kernels
/// (forward, input gradient = transposed-convolution forward, weight gradient) on every layer geometry of the
/// reference DCGAN and prints the median milliseconds of each, then their total last as <c>conv_ms X</c>.
/// </summary>
internal sealed class ConvCommand : IBenchmarkCommand
{
    public string Name => "conv";

    public string Description => "DCGAN convolution kernels per layer: --batch 64 --hidden 16 [--reps 21]; prints `conv_ms X`.";

    public int Run(CommandArguments arguments)
    {
        int batch = arguments.Int("batch", 64);
        int h = arguments.Int("hidden", 16);
        int reps = arguments.Int("reps", 21);
        EngineSettings.ThreadCount = arguments.Int("threads", EngineSettings.ThreadCount);
        // Batch, InChannels, Height, Width, OutChannels, KernelH, KernelW, StrideH, StrideW, PadH, PadW. Each generator
        // layer is the input gradient of the convolution listed (G2 is D3's geometry, G3 is D2's).
        var layers = new (string Name, Conv2dGeometry G)[]
        {
            ("D1 / G4", new(batch, 1, 32, 32, h, 4, 4, 2, 2, 1, 1)),
            ("D2 / G3", new(batch, h, 16, 16, 2 * h, 4, 4, 2, 2, 1, 1)),
            ("D3 / G2", new(batch, 2 * h, 8, 8, 4 * h, 4, 4, 2, 2, 1, 1)),
            ("D4", new(batch, 4 * h, 4, 4, 1, 4, 4, 1, 1, 0, 0)),
            ("G1", new(batch, 4 * h, 4, 4, h, 4, 4, 1, 1, 0, 0)),
        };
        Console.WriteLine($"batch {batch} hidden {h} threads {EngineSettings.ThreadCount} isa {CpuFeatures.Best}");
        Console.WriteLine("layer       forward_ms  input_grad_ms  weight_grad_ms");
        double total = 0;
        foreach (var (name, g) in layers)
        {
            var rng = new Random(1);
            float[] input = Enumerable.Range(0, g.Batch * g.InputImageSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            float[] weight = Enumerable.Range(0, g.WeightSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            float[] output = Enumerable.Range(0, g.Batch * g.OutputImageSize).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            double forward = Median(reps, () => Conv2dKernels.Forward(input, weight, output, g));
            double inputGrad = Median(reps, () => Conv2dKernels.BackwardInput(output, weight, input, g, accumulate: false));
            double weightGrad = Median(reps, () => Conv2dKernels.BackwardWeight(input, output, weight, g, accumulate: false));
            total += forward + inputGrad + weightGrad;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {forward,10:F3} {inputGrad,14:F3} {weightGrad,15:F3}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conv_ms {total:F3}"));
        return 0;
    }

    private static double Median(int reps, Action call)
    {
        for (int i = 0; i < 3; i++)
        {
            call();
        }

        var times = new double[reps];
        for (int i = 0; i < reps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[reps / 2];
    }
}
