using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Models;

/// <summary>
/// The DCGAN discriminator. With default <see cref="DcganOptions"/> it is exactly the homework's network (and
/// <c>D</c> of the PyTorch reference, same state-dict keys): Conv(C->h, 4, 2, 1)+LeakyReLU(0.2),
/// Conv(h->2h, 4, 2, 1)+BN+LeakyReLU, Conv(2h->4h, 4, 2, 1)+BN+LeakyReLU, Conv(4h->1, 4, 1, 0)+Sigmoid.
/// </summary>
public sealed class Discriminator : DiscriminatorModule
{
    private readonly Sequential _net;
    private readonly int _logitLayers;

    /// <summary>Creates the discriminator with the DCGAN initialisation.</summary>
    /// <param name="hiddenDim">Base feature maps h. Default 16.</param>
    /// <param name="channels">Image channels. Default 1.</param>
    /// <param name="generator">Random source for initialisation; default <see cref="TensorGenerator.Default"/>.</param>
    public Discriminator(int hiddenDim = 16, int channels = 1, TensorGenerator? generator = null)
        : this(new DcganOptions { HiddenDim = hiddenDim, Channels = channels }, generator)
    {
    }

    /// <summary>Creates the discriminator from full options with the DCGAN initialisation.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public Discriminator(DcganOptions options, TensorGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _net = RegisterModule("net", Build(options));
        _logitLayers = options.Output == DiscriminatorOutput.Sigmoid ? _net.Count - 1 : _net.Count;
        LayerFactory.InitializeDcgan(this, generator ?? TensorGenerator.Default);
    }

    /// <summary>The architecture options.</summary>
    public DcganOptions Options { get; }

    /// <inheritdoc />
    public override bool OutputsProbabilities => Options.Output == DiscriminatorOutput.Sigmoid;

    /// <inheritdoc />
    public override (int Channels, int Height, int Width) ImageShape => (Options.Channels, Options.ImageSize, Options.ImageSize);

    /// <summary>Scores [N]: probabilities with the sigmoid output, logits otherwise.</summary>
    public override Tensor Forward(Tensor input)
    {
        var logits = ForwardLogits(input);
        return OutputsProbabilities ? logits.Sigmoid() : logits;
    }

    /// <inheritdoc />
    public override Tensor ForwardLogits(Tensor images)
    {
        CheckImages(images);
        var x = images;
        for (int i = 0; i < _logitLayers; i++)
        {
            x = _net[i].Forward(x);
        }

        return x.Reshape(-1);
    }

    private static Sequential Build(DcganOptions o)
    {
        var net = new Sequential();
        bool bias = o.Normalization == NormalizationKind.None;
        bool leaky = !o.DiscriminatorRelu;
        int c = o.HiddenDim;
        net.Append(new Conv2d(o.Channels, c, 4, 2, 1, bias: false));
        net.Append(LayerFactory.Activation(leaky, o.LeakySlope));
        for (int s = 1; s < o.Stages; s++)
        {
            net.Append(new Conv2d(c, c * 2, 4, 2, 1, bias));
            c *= 2;
            LayerFactory.NormAndActivation(net, o.Normalization, c, leaky, o.LeakySlope);
        }

        for (int e = 0; e < o.ExtraLayers; e++)
        {
            net.Append(new Conv2d(c, c, 3, 1, 1, bias));
            LayerFactory.NormAndActivation(net, o.Normalization, c, leaky, o.LeakySlope);
        }

        int b = o.BaseSize;
        if (o.LinearLastLayer)
        {
            net.Append(new Flatten());
            net.Append(new Linear(c * b * b, 1));
        }
        else
        {
            net.Append(new Conv2d(c, 1, b, 1, 0, bias: false));
        }

        if (o.Output == DiscriminatorOutput.Sigmoid)
        {
            net.Append(new Sigmoid());
        }

        return net;
    }
}
