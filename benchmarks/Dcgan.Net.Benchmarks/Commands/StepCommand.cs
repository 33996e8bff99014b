using System.Diagnostics;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Training;

namespace Dcgan.Net.Benchmarks.Commands;

/// <summary>
/// Times GanTrainer.Step on the default DCGAN (as shared/reference/torch_dcgan.py times its loop): --warmup steps
/// (default 10; their gen-2 collections are printed on their own line), then the measured steps: the median of
/// blocks of steps, and over all measured steps the allocated bytes per step (every thread) and gen-2 collections.
/// </summary>
internal sealed class StepCommand : IBenchmarkCommand
{
    public string Name => "step";

    public string Description => "DCGAN training step: --latent 16 --hidden 16 --batch 64 --steps 300 [--warmup 10] [--threads N]";

    public int Run(CommandArguments arguments)
    {
        int latent = arguments.Int("latent", 16);
        int hidden = arguments.Int("hidden", 16);
        int batch = arguments.Int("batch", 64);
        int steps = arguments.Int("steps", 300);
        EngineSettings.ThreadCount = arguments.Int("threads", EngineSettings.ThreadCount);
        var options = new DcganOptions { LatentDim = latent, HiddenDim = hidden };
        var trainer = new GanTrainer(new Generator(options, new TensorGenerator(1)), new Discriminator(options, new TensorGenerator(2)));
        var data = Tensor.Rand(new TensorGenerator(3), batch, 1, 32, 32).MulScalar(2f).AddScalar(-1f);

        int warmup = arguments.Int("warmup", 10);
        int gen2AtStart = GC.CollectionCount(2);
        var warmupClock = Stopwatch.StartNew();
        for (int i = 0; i < warmup; i++)
        {
            trainer.Step(data);
        }

        Console.WriteLine($"warmup_steps {warmup} warmup_ms {warmupClock.Elapsed.TotalMilliseconds:F0} warmup_gen2_collections {GC.CollectionCount(2) - gen2AtStart}");

        int block = Math.Max(1, steps / 10);
        var times = new List<double>();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen2Before = GC.CollectionCount(2);
        var total = Stopwatch.StartNew();
        for (int done = 0; done < steps; done += block)
        {
            int n = Math.Min(block, steps - done);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                trainer.Step(data);
            }

            times.Add(clock.Elapsed.TotalMilliseconds / n);
        }

        total.Stop();
        double allocatedPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)steps;
        int gen2 = GC.CollectionCount(2) - gen2Before;
        times.Sort();
        double median = times[times.Count / 2];
        Console.WriteLine($"steps {steps} threads {EngineSettings.ThreadCount} mean_ms {total.Elapsed.TotalMilliseconds / steps:F2} min_block_ms {times[0]:F2}");
        Console.WriteLine($"measured steps: allocated_bytes_per_step {allocatedPerStep:F0} gen2_collections {gen2}");
        Console.WriteLine($"ms_per_step {median:F2} latent {latent} hidden {hidden} batch {batch}");
        return 0;
    }
}
