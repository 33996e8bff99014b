namespace Dcgan.Net.Tensors.Nn;

/// <summary>Fully connected layer y = x W^T + b, as <c>nn.Linear</c>. Input [N, in], output [N, out].</summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="outFeatures">Output features.</param>
    /// <param name="bias">Whether to learn an additive bias. Default true.</param>
    /// <param name="generator">Random source for initialisation; default <see cref="TensorGenerator.Default"/>.</param>
    public Linear(int inFeatures, int outFeatures, bool bias = true, TensorGenerator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures))!;
        Init.KaimingUniformDefault(Weight, generator);
        Bias = RegisterParameter("bias", bias ? Tensor.Zeros(outFeatures) : null);
        if (Bias is not null)
        {
            Init.DefaultBias(Bias, Weight, generator);
        }
    }

    /// <summary>[out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>[out], or null.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
