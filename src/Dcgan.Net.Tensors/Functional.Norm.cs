using Dcgan.Net.Tensors.Ops;

namespace Dcgan.Net.Tensors;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation over [N, C, *] as <c>F.batch_norm</c>. In training mode it normalises with the batch
    /// statistics and updates the running statistics in place (momentum, unbiased variance); in evaluation mode
    /// it uses the running statistics.
    /// </summary>
    /// <param name="input">[N, C, *].</param>
    /// <param name="runningMean">[C] or null (then training mode is required).</param>
    /// <param name="runningVar">[C] or null.</param>
    /// <param name="weight">[C] or null.</param>
    /// <param name="bias">[C] or null.</param>
    /// <param name="training">Use batch statistics.</param>
    /// <param name="momentum">Running-statistics momentum. PyTorch default 0.1.</param>
    /// <param name="eps">Added to the variance. PyTorch default 1e-5.</param>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        if (input.Rank < 2)
        {
            throw new ArgumentException($"BatchNorm input must be [N, C, *]; got shape {ShapeUtil.Format(input.Shape)}.");
        }

        int c = input.Size(1);
        foreach (var (t, name) in new[] { (runningMean, "running mean"), (runningVar, "running variance"), (weight, "weight"), (bias, "bias") })
        {
            if (t is not null)
            {
                ShapeUtil.Expect(t.Shape, [c], $"BatchNorm {name}");
            }
        }

        if (training)
        {
            return BatchNormOp.Training(input, weight, bias, runningMean, runningVar, momentum, eps);
        }

        if (runningMean is null || runningVar is null)
        {
            throw new ArgumentException("BatchNorm in evaluation mode needs running statistics.");
        }

        // Evaluation is an affine map per channel; written with primitives so it is twice differentiable.
        var shape = new int[input.Rank];
        shape.AsSpan().Fill(1);
        shape[1] = c;
        var scale = runningVar.AddScalar(eps).Sqrt().Pow(-1f);
        if (weight is not null)
        {
            scale = scale.Mul(weight);
        }

        var shift = runningMean.Neg().Mul(scale);
        if (bias is not null)
        {
            shift = shift.Add(bias);
        }

        return input.Mul(scale.Reshape(shape)).Add(shift.Reshape(shape));
    }

    /// <summary>Instance normalisation over the spatial dimensions of [N, C, H, W] (biased variance), then an optional per-channel affine map.</summary>
    public static Tensor InstanceNorm(Tensor input, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        ShapeUtil.ExpectRank(input, 4, "InstanceNorm input [N, C, H, W]");
        var y = Normalize(input, [2, 3], eps);
        int c = input.Size(1);
        if (weight is not null)
        {
            y = y.Mul(weight.Reshape(1, c, 1, 1));
        }

        return bias is null ? y : y.Add(bias.Reshape(1, c, 1, 1));
    }

    /// <summary>Layer normalisation over the trailing dimensions given by <paramref name="normalizedShape"/>, as <c>F.layer_norm</c>.</summary>
    public static Tensor LayerNorm(Tensor input, int[] normalizedShape, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        int k = normalizedShape.Length;
        if (k == 0 || k > input.Rank || !input.Shape[(input.Rank - k)..].SequenceEqual(normalizedShape))
        {
            throw new ArgumentException($"LayerNorm: input shape {ShapeUtil.Format(input.Shape)} does not end with normalized shape {ShapeUtil.Format(normalizedShape)}.");
        }

        var dims = Enumerable.Range(input.Rank - k, k).ToArray();
        var y = Normalize(input, dims, eps);
        if (weight is not null)
        {
            y = y.Mul(weight);
        }

        return bias is null ? y : y.Add(bias);
    }

    private static Tensor Normalize(Tensor input, int[] dims, float eps)
    {
        var centered = input.Sub(input.Mean(dims, keepDim: true));
        var variance = centered.Mul(centered).Mean(dims, keepDim: true);
        return centered.Mul(variance.AddScalar(eps).Pow(-0.5f));
    }
}
