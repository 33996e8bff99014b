using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Models;

/// <summary>
/// The DCGAN generator. With default <see cref="DcganOptions"/> it is exactly the homework's network (and
/// <c>G</c> of the PyTorch reference, with the same state-dict keys <c>net.0.weight</c>, <c>net.1.running_mean</c>, ...):
/// ConvT(z->4h, 4, 1, 0)+BN+ReLU, ConvT(4h->2h, 4, 2, 1)+BN+ReLU, ConvT(2h->h, 4, 2, 1)+BN+ReLU, ConvT(h->C, 4, 2, 1)+Tanh.
/// </summary>
public sealed class Generator : GeneratorModule
{
    private readonly Sequential _net;

    /// <summary>Creates the generator with the DCGAN initialisation.</summary>
    /// <param name="latentDim">Length of z. Default 16.</param>
    /// <param name="hiddenDim">Base feature maps h. Default 16.</param>
    /// <param name="channels">Image channels. Default 1.</param>
    /// <param name="generator">Random source for initialisation; default <see cref="TensorGenerator.Default"/>.</param>
    public Generator(int latentDim = 16, int hiddenDim = 16, int channels = 1, TensorGenerator? generator = null)
        : this(new DcganOptions { LatentDim = latentDim, HiddenDim = hiddenDim, Channels = channels }, generator)
    {
    }

    /// <summary>Creates the generator from full options with the DCGAN initialisation.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Generator(DcganOptions options, TensorGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _net = RegisterModule("net", Build(options));
        LayerFactory.InitializeDcgan(this, generator ?? TensorGenerator.Default);
    }

    /// <summary>The architecture options.</summary>
    public DcganOptions Options { get; }

    /// <inheritdoc />
    public override int LatentDim => Options.LatentDim;

    /// <inheritdoc />
    public override (int Channels, int Height, int Width) ImageShape => (Options.Channels, Options.ImageSize, Options.ImageSize);

    /// <summary>Generates images [N, C, H, W] in [-1, 1] from z [N, LatentDim] or [N, LatentDim, 1, 1].</summary>
    public override Tensor Forward(Tensor input)
    {
        CheckNoise(input);
        int n = input.Size(0);
        var z = Options.LinearFirstLayer ? input.Reshape(n, LatentDim) : input.Reshape(n, LatentDim, 1, 1);
        return _net.Forward(z);
    }

    private static Sequential Build(DcganOptions o)
    {
        var net = new Sequential();
        bool bias = o.Normalization == NormalizationKind.None;
        int b = o.BaseSize;
        int c = o.HiddenDim << (o.Stages - 1);
        if (o.LinearFirstLayer)
        {
            net.Append(new Linear(o.LatentDim, c * b * b, bias));
            net.Append(new Unflatten(1, [c, b, b]));
        }
        else
        {
            net.Append(new ConvTranspose2d(o.LatentDim, c, b, 1, 0, bias: bias));
        }

        LayerFactory.NormAndActivation(net, o.Normalization, c, o.GeneratorLeakyRelu, o.LeakySlope);
        for (int s = 1; s < o.Stages; s++)
        {
            Upsample(net, o.Upsampling, c, c / 2, bias);
            c /= 2;
            LayerFactory.NormAndActivation(net, o.Normalization, c, o.GeneratorLeakyRelu, o.LeakySlope);
        }

        for (int e = 0; e < o.ExtraLayers; e++)
        {
            net.Append(new Conv2d(c, c, 3, 1, 1, bias));
            LayerFactory.NormAndActivation(net, o.Normalization, c, o.GeneratorLeakyRelu, o.LeakySlope);
        }

        Upsample(net, o.Upsampling, c, o.Channels, bias: false);
        net.Append(new Tanh());
        return net;
    }

    private static void Upsample(Sequential net, UpsamplingKind kind, int inChannels, int outChannels, bool bias)
    {
        if (kind == UpsamplingKind.PixelShuffle)
        {
            net.Append(new Conv2d(inChannels, outChannels * 4, 3, 1, 1, bias));
            net.Append(new PixelShuffle(2));
        }
        else
        {
            net.Append(new ConvTranspose2d(inChannels, outChannels, 4, 2, 1, bias: bias));
        }
    }
}
