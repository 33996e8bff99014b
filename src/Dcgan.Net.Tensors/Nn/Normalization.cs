namespace Dcgan.Net.Tensors.Nn;

/// <summary>
/// Instance normalisation over the spatial dimensions of [N, C, H, W], as <c>nn.InstanceNorm2d</c> (no running
/// statistics; affine off by default as in PyTorch).
/// </summary>
public sealed class InstanceNorm2d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance. Default 1e-5.</param>
    /// <param name="affine">Learn a per-channel weight (1) and bias (0). Default false.</param>
    public InstanceNorm2d(int numFeatures, float eps = 1e-5f, bool affine = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        Eps = eps;
        Weight = RegisterParameter("weight", affine ? Tensor.Ones(numFeatures) : null);
        Bias = RegisterParameter("bias", affine ? Tensor.Zeros(numFeatures) : null);
    }

    /// <summary>[C] or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>[C] or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Variance offset.</summary>
    public float Eps { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.InstanceNorm(input, Weight, Bias, Eps);
}

/// <summary>Layer normalisation over trailing dimensions, as <c>nn.LayerNorm</c> (weight 1, bias 0).</summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _shape;

    /// <summary>Creates the layer.</summary>
    /// <param name="normalizedShape">Trailing dimensions to normalise over.</param>
    /// <param name="eps">Added to the variance. Default 1e-5.</param>
    /// <param name="elementwiseAffine">Learn weight and bias of that shape. Default true.</param>
    public LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        _shape = (int[])normalizedShape.Clone();
        Eps = eps;
        Weight = RegisterParameter("weight", elementwiseAffine ? Tensor.Ones(_shape) : null);
        Bias = RegisterParameter("bias", elementwiseAffine ? Tensor.Zeros(_shape) : null);
    }

    /// <summary>Weight of the normalised shape, or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>Bias of the normalised shape, or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Variance offset.</summary>
    public float Eps { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, _shape, Weight, Bias, Eps);
}
