using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Autograd;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Fid.Domain;

/// <summary>
/// Draws images from a generator for evaluation without disturbing its training: noise comes from the caller's own
/// random generator (never the trainer's), the generator runs in evaluation mode (batch norm uses its running
/// statistics and updates nothing) with autograd off, and every module's train/eval flag is restored afterwards.
/// </summary>
internal static class GeneratorSampling
{
    /// <summary>
    /// Generates <paramref name="count"/> images in batches of at most <paramref name="batchSize"/> and hands each
    /// batch to <paramref name="consume"/> mapped from the generator's [-1, 1] to [0, 1]; the tensor is valid only
    /// during the call.
    /// </summary>
    public static void Generate(GeneratorModule generator, int count, int batchSize, TensorGenerator noise, Action<Tensor> consume)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var modes = new List<(Module Module, bool Training)>();
        Collect(generator, modes);
        using var noGrad = GradMode.NoGrad();
        var arena = new TensorArena();
        generator.Eval();
        try
        {
            for (int done = 0; done < count; done += batchSize)
            {
                int n = Math.Min(batchSize, count - done);
                using var scope = arena.Activate();
                var images = generator.Forward(generator.SampleNoise(n, noise));
                consume(images.AddScalar(1f).MulScalar(0.5f));
            }
        }
        finally
        {
            foreach (var (module, training) in modes)
            {
                module.Train(training);
            }
        }
    }

    // Parents first, so restoring in this order lets a child that differed from its parent keep its own flag.
    private static void Collect(Module module, List<(Module Module, bool Training)> modes)
    {
        modes.Add((module, module.Training));
        foreach (var (_, child) in module.NamedChildren())
        {
            Collect(child, modes);
        }
    }
}
