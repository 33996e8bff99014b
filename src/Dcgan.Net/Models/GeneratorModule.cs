using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Autograd;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Models;

/// <summary>A generator: maps noise z [N, LatentDim] (or [N, LatentDim, 1, 1]) to images [N, C, H, W] in [-1, 1].</summary>
public abstract class GeneratorModule : Module
{
    /// <summary>Length of z.</summary>
    public abstract int LatentDim { get; }

    /// <summary>Shape of one generated image (C, H, W).</summary>
    public abstract (int Channels, int Height, int Width) ImageShape { get; }

    /// <summary>Draws z ~ N(0, I) of shape [n, LatentDim, 1, 1].</summary>
    public Tensor SampleNoise(int n, TensorGenerator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return Tensor.Randn(generator, n, LatentDim, 1, 1);
    }

    /// <summary>
    /// Generates images [N, C, H, W] for <paramref name="noise"/> in evaluation mode (batch norm uses its running
    /// statistics) without recording gradients, then restores the previous mode: what sample grids and FID use.
    /// </summary>
    /// <param name="noise">z, [N, LatentDim] or [N, LatentDim, 1, 1].</param>
    public Tensor Generate(Tensor noise)
    {
        using var noGrad = GradMode.NoGrad();
        bool wasTraining = Training;
        Eval();
        try
        {
            return Forward(noise);
        }
        finally
        {
            Train(wasTraining);
        }
    }

    /// <summary>Checks that <paramref name="z"/> is [N, LatentDim] or [N, LatentDim, 1, 1].</summary>
    protected void CheckNoise(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        bool ok = (z.Rank == 2 && z.Size(1) == LatentDim) || (z.Rank == 4 && z.Size(1) == LatentDim && z.Size(2) == 1 && z.Size(3) == 1);
        if (!ok)
        {
            throw new ArgumentException($"Generator noise: expected shape [N, {LatentDim}] or [N, {LatentDim}, 1, 1], got [{string.Join(", ", z.Shape.ToArray())}].");
        }
    }
}

/// <summary>
/// A discriminator (critic): maps images [N, C, H, W] to one score per image, [N]. <see cref="ForwardLogits"/>
/// gives the raw score; <see cref="Module.Forward"/> gives what the configured last layer outputs.
/// </summary>
public abstract class DiscriminatorModule : Module
{
    /// <summary>True when <see cref="Module.Forward"/> ends with a sigmoid (probabilities).</summary>
    public abstract bool OutputsProbabilities { get; }

    /// <summary>Shape of the images it accepts (C, H, W).</summary>
    public abstract (int Channels, int Height, int Width) ImageShape { get; }

    /// <summary>Raw scores (before any sigmoid), [N].</summary>
    public abstract Tensor ForwardLogits(Tensor images);

    /// <summary>Checks the image batch shape.</summary>
    protected void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var (c, h, w) = ImageShape;
        if (images.Rank != 4 || images.Size(1) != c || images.Size(2) != h || images.Size(3) != w)
        {
            throw new ArgumentException($"Discriminator input: expected shape [N, {c}, {h}, {w}], got [{string.Join(", ", images.Shape.ToArray())}].");
        }
    }
}
