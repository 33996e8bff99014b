namespace Dcgan.Net.Models;

/// <summary>Normalisation layer used between convolutions.</summary>
public enum NormalizationKind
{
    /// <summary>BatchNorm2d (the DCGAN default).</summary>
    Batch,

    /// <summary>InstanceNorm2d with a learned affine map.</summary>
    Instance,

    /// <summary>No normalisation (the convolutions then carry a bias).</summary>
    None,
}

/// <summary>How the generator doubles its feature maps.</summary>
public enum UpsamplingKind
{
    /// <summary>ConvTranspose2d with kernel 4, stride 2, padding 1 (the DCGAN default).</summary>
    TransposedConvolution,

    /// <summary>Conv2d 3x3 to 4x the channels, then PixelShuffle(2).</summary>
    PixelShuffle,
}

/// <summary>What the discriminator's last layer outputs.</summary>
public enum DiscriminatorOutput
{
    /// <summary>Probabilities through a final Sigmoid (the DCGAN default; the trainer still computes its losses from logits).</summary>
    Sigmoid,

    /// <summary>Raw scores (logits); required for WGAN critics.</summary>
    Logits,
}

/// <summary>
/// Architecture options shared by <see cref="Generator"/> and <see cref="Discriminator"/>. The defaults give the
/// network of the DCGAN homework (and of the PyTorch reference): latent 16, hidden 16, 1 channel, 32x32,
/// batch norm, ReLU in G and LeakyReLU(0.2) in D, transposed convolutions, sigmoid output.
/// </summary>
public sealed record DcganOptions
{
    /// <summary>Length of the noise vector z. Default 16.</summary>
    public int LatentDim { get; init; } = 16;

    /// <summary>Base number of feature maps h (layers use h, 2h, 4h, ...). Default 16.</summary>
    public int HiddenDim { get; init; } = 16;

    /// <summary>Image channels: 1 (gray) or 3 (RGB). Default 1.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Image side: 28 (maps 7-14-28), 32 (4-8-16-32) or 64 (4-8-16-32-64). Default 32.</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Extra 3x3 stride-1 convolution blocks before the last layer of each network (depth). Default 0.</summary>
    public int ExtraLayers { get; init; }

    /// <summary>Normalisation. Default batch norm.</summary>
    public NormalizationKind Normalization { get; init; } = NormalizationKind.Batch;

    /// <summary>Use LeakyReLU in the generator instead of ReLU. Default false.</summary>
    public bool GeneratorLeakyRelu { get; init; }

    /// <summary>Use ReLU in the discriminator instead of LeakyReLU. Default false.</summary>
    public bool DiscriminatorRelu { get; init; }

    /// <summary>Negative slope of LeakyReLU wherever it is used. Default 0.2.</summary>
    public float LeakySlope { get; init; } = 0.2f;

    /// <summary>How the generator upsamples. Default transposed convolution.</summary>
    public UpsamplingKind Upsampling { get; init; } = UpsamplingKind.TransposedConvolution;

    /// <summary>Generator starts with a Linear layer from z to the first feature map. Default false.</summary>
    public bool LinearFirstLayer { get; init; }

    /// <summary>Discriminator ends with a Linear layer instead of the last convolution. Default false.</summary>
    public bool LinearLastLayer { get; init; }

    /// <summary>Discriminator output. Default sigmoid.</summary>
    public DiscriminatorOutput Output { get; init; } = DiscriminatorOutput.Sigmoid;

    /// <summary>Side of the first (smallest) feature map: 7 for 28x28 images, 4 otherwise.</summary>
    public int BaseSize => ImageSize == 28 ? 7 : 4;

    /// <summary>Number of stride-2 stages between the base map and the image.</summary>
    public int Stages => ImageSize switch { 28 => 2, 32 => 3, 64 => 4, _ => 0 };

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">Names the option and its value.</exception>
    public void Validate()
    {
        if (LatentDim < 1 || HiddenDim < 1)
        {
            throw new ArgumentException($"LatentDim ({LatentDim}) and HiddenDim ({HiddenDim}) must be positive.");
        }

        if (Channels is not (1 or 3))
        {
            throw new ArgumentException($"Channels must be 1 or 3, got {Channels}.");
        }

        if (ImageSize is not (28 or 32 or 64))
        {
            throw new ArgumentException($"ImageSize must be 28, 32 or 64, got {ImageSize}.");
        }

        if (ExtraLayers < 0)
        {
            throw new ArgumentException($"ExtraLayers must be >= 0, got {ExtraLayers}.");
        }

        if (LeakySlope < 0)
        {
            throw new ArgumentException($"LeakySlope must be >= 0, got {LeakySlope}.");
        }
    }
}
