namespace Dcgan.Net.Tensors.Nn;

/// <summary>Transposed 2-D convolution layer, as <c>nn.ConvTranspose2d</c> (groups 1, dilation 1).</summary>
public sealed class ConvTranspose2d : Module
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Square kernel size.</param>
    /// <param name="stride">Stride. Default 1.</param>
    /// <param name="padding">Padding removed from each side of the output. Default 0.</param>
    /// <param name="outputPadding">Extra output size on one side, smaller than the stride. Default 0.</param>
    /// <param name="bias">Whether to learn a bias. Default true.</param>
    /// <param name="generator">Random source for initialisation.</param>
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0, bool bias = true, TensorGenerator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        if (outputPadding < 0 || outputPadding >= stride)
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, $"Output padding must be in [0, stride = {stride}).");
        }

        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Weight = RegisterParameter("weight", Tensor.Zeros(inChannels, outChannels, kernelSize, kernelSize))!;
        Init.KaimingUniformDefault(Weight, generator);
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros(outChannels) : null);
        if (Bias is not null)
        {
            Init.DefaultBias(Bias, Weight, generator);
        }
    }

    /// <summary>[in, out, K, K] (PyTorch's layout).</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Padding.</summary>
    public int Padding { get; }

    /// <summary>Output padding.</summary>
    public int OutputPadding { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, Weight, Bias, (Stride, Stride), (Padding, Padding), (OutputPadding, OutputPadding));
}
