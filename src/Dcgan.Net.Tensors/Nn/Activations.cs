namespace Dcgan.Net.Tensors.Nn;

/// <summary>max(x, 0), as <c>nn.ReLU</c>.</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>x for x &gt; 0, slope x otherwise, as <c>nn.LeakyReLU</c>.</summary>
/// <param name="negativeSlope">Slope for negative inputs. Default 0.01 (the DCGAN discriminator uses 0.2).</param>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    /// <summary>Slope for negative inputs.</summary>
    public float NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
}

/// <summary>Hyperbolic tangent, as <c>nn.Tanh</c>.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Tanh();
}

/// <summary>Logistic sigmoid, as <c>nn.Sigmoid</c>.</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>Rearranges [N, C r², H, W] to [N, C, H r, W r], as <c>nn.PixelShuffle</c>.</summary>
/// <param name="upscaleFactor">r.</param>
public sealed class PixelShuffle(int upscaleFactor) : Module
{
    /// <summary>r.</summary>
    public int UpscaleFactor { get; } = upscaleFactor;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.PixelShuffle(input, UpscaleFactor);
}

/// <summary>Zeroes elements with probability p in training, as <c>nn.Dropout</c>.</summary>
/// <param name="p">Drop probability. Default 0.5.</param>
/// <param name="generator">Random source; default <see cref="TensorGenerator.Default"/>.</param>
public sealed class Dropout(float p = 0.5f, TensorGenerator? generator = null) : Module
{
    /// <summary>Drop probability.</summary>
    public float P { get; } = p;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, generator ?? TensorGenerator.Default);
}

/// <summary>Flattens dimensions startDim..endDim, as <c>nn.Flatten</c> (defaults 1 and -1).</summary>
public sealed class Flatten(int startDim = 1, int endDim = -1) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Flatten(startDim, endDim);
}

/// <summary>Splits dimension <paramref name="dim"/> into <paramref name="sizes"/>, as <c>nn.Unflatten</c>.</summary>
public sealed class Unflatten(int dim, int[] sizes) : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        int d = ShapeUtil.NormalizeDim(dim, input.Rank);
        var shape = new List<int>(input.Shape.ToArray());
        shape.RemoveAt(d);
        shape.InsertRange(d, sizes);
        return input.Reshape([.. shape]);
    }
}
