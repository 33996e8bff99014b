namespace Dcgan.Net.Tensors.Nn;

/// <summary>
/// Batch normalisation over [N, C, H, W], as <c>nn.BatchNorm2d</c>: batch statistics in training (running mean
/// and unbiased running variance updated with <see cref="Momentum"/>), running statistics in evaluation.
/// State-dict keys: weight, bias, running_mean, running_var, num_batches_tracked.
/// </summary>
public sealed class BatchNorm2d : Module
{
    private readonly LongBuffer _batchesTracked;

    /// <summary>Creates the layer: weight 1, bias 0, running mean 0, running variance 1.</summary>
    /// <param name="numFeatures">Channels C.</param>
    /// <param name="eps">Added to the variance. Default 1e-5.</param>
    /// <param name="momentum">Running-statistics momentum. Default 0.1.</param>
    /// <param name="affine">Learn a per-channel weight and bias. Default true.</param>
    public BatchNorm2d(int numFeatures, float eps = 1e-5f, float momentum = 0.1f, bool affine = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", affine ? Tensor.Ones(numFeatures) : null);
        Bias = RegisterParameter("bias", affine ? Tensor.Zeros(numFeatures) : null);
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
        _batchesTracked = RegisterCounter("num_batches_tracked", new LongBuffer());
    }

    /// <summary>[C] or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>[C] or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>[C].</summary>
    public Tensor RunningMean { get; }

    /// <summary>[C].</summary>
    public Tensor RunningVar { get; }

    /// <summary>Variance offset.</summary>
    public float Eps { get; }

    /// <summary>Running-statistics momentum.</summary>
    public float Momentum { get; }

    /// <summary>Number of training batches seen.</summary>
    public long NumBatchesTracked => _batchesTracked.Value;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ShapeUtil.ExpectRank(input, 4, "BatchNorm2d input [N, C, H, W]");
        if (Training)
        {
            _batchesTracked.Value++;
        }

        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, Momentum, Eps);
    }
}
