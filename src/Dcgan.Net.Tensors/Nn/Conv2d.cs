namespace Dcgan.Net.Tensors.Nn;

/// <summary>2-D convolution layer, as <c>nn.Conv2d</c> (groups 1, dilation 1, zero padding).</summary>
public sealed class Conv2d : Module
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="stride">Stride. Default 1.</param>
    /// <param name="padding">Zero padding on each side. Default 0.</param>
    /// <param name="bias">Whether to learn a bias. Default true.</param>
    /// <param name="generator">Random source for initialisation.</param>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true, TensorGenerator? generator = null)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride), (padding, padding), bias, generator)
    {
    }

    /// <summary>Creates the layer with separate height and width sizes.</summary>
    public Conv2d(int inChannels, int outChannels, (int H, int W) kernelSize, (int H, int W) stride, (int H, int W) padding, bool bias = true, TensorGenerator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        Stride = stride;
        Padding = padding;
        Weight = RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels, kernelSize.H, kernelSize.W))!;
        Init.KaimingUniformDefault(Weight, generator);
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros(outChannels) : null);
        if (Bias is not null)
        {
            Init.DefaultBias(Bias, Weight, generator);
        }
    }

    /// <summary>[out, in, KH, KW].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>(height, width) stride.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>(height, width) padding.</summary>
    public (int H, int W) Padding { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding);
}
