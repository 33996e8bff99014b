namespace Dcgan.Net.Tensors.Nn;

/// <summary>In-place initialisers in the style of <c>torch.nn.init</c>. Not recorded by autograd.</summary>
public static class Init
{
    /// <summary>Fills with N(mean, std²).</summary>
    public static void Normal(Tensor tensor, float mean = 0f, float std = 1f, TensorGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        (generator ?? TensorGenerator.Default).FillNormal(tensor.Data, mean, std);
    }

    /// <summary>Fills with U[low, high).</summary>
    public static void Uniform(Tensor tensor, float low = 0f, float high = 1f, TensorGenerator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        (generator ?? TensorGenerator.Default).FillUniform(tensor.Data, low, high);
    }

    /// <summary>Fills with a constant.</summary>
    public static void Constant(Tensor tensor, float value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Data.Fill(value);
    }

    /// <summary>Fills with zeros.</summary>
    public static void Zeros(Tensor tensor) => Constant(tensor, 0f);

    /// <summary>Fills with ones.</summary>
    public static void Ones(Tensor tensor) => Constant(tensor, 1f);

    /// <summary>
    /// PyTorch's default initialisation of convolution and linear weights: Kaiming-uniform with a = sqrt(5),
    /// i.e. U(-1/sqrt(fanIn), 1/sqrt(fanIn)), where fanIn = size(1) * receptive field (as PyTorch computes it,
    /// also for transposed convolutions).
    /// </summary>
    public static void KaimingUniformDefault(Tensor weight, TensorGenerator? generator = null)
    {
        float bound = 1f / MathF.Sqrt(FanIn(weight));
        Uniform(weight, -bound, bound, generator);
    }

    /// <summary>PyTorch's default bias initialisation for a layer with weight <paramref name="weight"/>: U(-1/sqrt(fanIn), 1/sqrt(fanIn)).</summary>
    public static void DefaultBias(Tensor bias, Tensor weight, TensorGenerator? generator = null)
    {
        int fanIn = FanIn(weight);
        float bound = fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f;
        Uniform(bias, -bound, bound, generator);
    }

    /// <summary>size(1) times the product of the remaining dimensions, as <c>_calculate_fan_in_and_fan_out</c>.</summary>
    public static int FanIn(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank < 2)
        {
            throw new ArgumentException($"Fan-in needs a weight of rank 2 or more; shape is {ShapeUtil.Format(weight.Shape)}.");
        }

        int fan = weight.Size(1);
        for (int d = 2; d < weight.Rank; d++)
        {
            fan *= weight.Size(d);
        }

        return fan;
    }
}
