using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Models;

/// <summary>
/// Fully connected generator for the MLP ablation: z -> [Linear + ReLU] per hidden size -> Linear -> Tanh ->
/// reshape to [N, C, H, W]. State-dict keys <c>net.{i}.weight</c>/<c>bias</c>.
/// </summary>
public sealed class MlpGenerator : GeneratorModule
{
    private readonly Sequential _net;
    private readonly int _latent;
    private readonly (int C, int H, int W) _shape;

    /// <summary>Creates the generator (PyTorch default initialisation of the linear layers).</summary>
    /// <param name="latentDim">Length of z. Default 16.</param>
    /// <param name="hiddenSizes">Hidden layer widths. Default [256, 512].</param>
    /// <param name="channels">Image channels. Default 1.</param>
    /// <param name="imageSize">Image side. Default 32.</param>
    /// <param name="generator">Random source for initialisation.</param>
    public MlpGenerator(int latentDim = 16, int[]? hiddenSizes = null, int channels = 1, int imageSize = 32, TensorGenerator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latentDim, 1);
        MlpShape.Validate(hiddenSizes, channels, imageSize);
        _latent = latentDim;
        _shape = (channels, imageSize, imageSize);
        var net = new Sequential();
        int width = latentDim;
        foreach (int h in hiddenSizes ?? [256, 512])
        {
            net.Append(new Linear(width, h, generator: generator));
            net.Append(new ReLU());
            width = h;
        }

        net.Append(new Linear(width, channels * imageSize * imageSize, generator: generator));
        net.Append(new Tanh());
        _net = RegisterModule("net", net);
    }

    /// <inheritdoc />
    public override int LatentDim => _latent;

    /// <inheritdoc />
    public override (int Channels, int Height, int Width) ImageShape => _shape;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        CheckNoise(input);
        int n = input.Size(0);
        return _net.Forward(input.Reshape(n, _latent)).Reshape(n, _shape.C, _shape.H, _shape.W);
    }
}

/// <summary>
/// Fully connected discriminator for the MLP ablation: flatten -> [Linear + LeakyReLU(0.2)] per hidden size ->
/// Linear(1) (-> Sigmoid unless logits are asked for).
/// </summary>
public sealed class MlpDiscriminator : DiscriminatorModule
{
    private readonly Sequential _net;
    private readonly (int C, int H, int W) _shape;
    private readonly bool _sigmoid;

    /// <summary>Creates the discriminator (PyTorch default initialisation of the linear layers).</summary>
    /// <param name="hiddenSizes">Hidden layer widths. Default [512, 256].</param>
    /// <param name="channels">Image channels. Default 1.</param>
    /// <param name="imageSize">Image side. Default 32.</param>
    /// <param name="output">Sigmoid or logits. Default sigmoid.</param>
    /// <param name="generator">Random source for initialisation.</param>
    public MlpDiscriminator(int[]? hiddenSizes = null, int channels = 1, int imageSize = 32, DiscriminatorOutput output = DiscriminatorOutput.Sigmoid, TensorGenerator? generator = null)
    {
        MlpShape.Validate(hiddenSizes, channels, imageSize);
        _shape = (channels, imageSize, imageSize);
        _sigmoid = output == DiscriminatorOutput.Sigmoid;
        var net = new Sequential(new Flatten());
        int width = channels * imageSize * imageSize;
        foreach (int h in hiddenSizes ?? [512, 256])
        {
            net.Append(new Linear(width, h, generator: generator));
            net.Append(new LeakyReLU(0.2f));
            width = h;
        }

        net.Append(new Linear(width, 1, generator: generator));
        _net = RegisterModule("net", net);
    }

    /// <inheritdoc />
    public override bool OutputsProbabilities => _sigmoid;

    /// <inheritdoc />
    public override (int Channels, int Height, int Width) ImageShape => _shape;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var logits = ForwardLogits(input);
        return _sigmoid ? logits.Sigmoid() : logits;
    }

    /// <inheritdoc />
    public override Tensor ForwardLogits(Tensor images)
    {
        CheckImages(images);
        return _net.Forward(images).Reshape(-1);
    }
}

/// <summary>Argument checks shared by the MLP networks.</summary>
internal static class MlpShape
{
    /// <exception cref="ArgumentException">A hidden size, the channel count or the image size is below 1.</exception>
    public static void Validate(int[]? hiddenSizes, int channels, int imageSize)
    {
        if (channels < 1 || imageSize < 1)
        {
            throw new ArgumentException($"Channels ({channels}) and image size ({imageSize}) must be positive.");
        }

        if (hiddenSizes is not null && hiddenSizes.Any(h => h < 1))
        {
            throw new ArgumentException($"Hidden sizes must be positive, got [{string.Join(", ", hiddenSizes)}].", nameof(hiddenSizes));
        }
    }
}
