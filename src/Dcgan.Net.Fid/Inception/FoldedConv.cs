using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// A BasicConv2d with its inference-mode batch norm folded in: <c>relu(W' * x + b')</c> with
/// <c>W'[o] = W[o] * s[o]</c>, <c>b'[o] = beta[o] - mean[o] * s[o]</c>, <c>s[o] = gamma[o] / sqrt(var[o] + 1e-3)</c>
/// (computed in float64, rounded once to float32). Several pointwise convolutions that read the same input can be
/// stacked into one, so that one matrix product computes them all.
/// </summary>
internal sealed class FoldedConv
{
    private SgemmPackedA? _packedWeight;
    private float[]? _sixPointWeight;
    private float[]? _winogradWeight;
    private readonly Dictionary<SeparableWinograd, float[]> _separableWeights = [];

    private FoldedConv(ConvSpec spec, float[] weight, float[] bias)
    {
        Spec = spec;
        Weight = weight;
        Bias = bias;
        LineWinogradWeight = LineWinograd.Applies(spec) ? LineWinograd.For(spec.KernelH * spec.KernelW).TransformWeights(spec, weight) : null;
    }

    /// <summary>Geometry (for a stack: the shared input and the summed output channels).</summary>
    public ConvSpec Spec { get; }

    /// <summary>[OutChannels, InChannels * KernelH * KernelW], rows in (channel, ky, kx) order as PyTorch's OIHW.</summary>
    public float[] Weight { get; }

    /// <summary>[OutChannels].</summary>
    public float[] Bias { get; }

    /// <summary>
    /// For a 3x3 stride-1 convolution, the weights transformed for Winograd F(2x2, 3x3) (see
    /// <see cref="WinogradF2x2.TransformWeights"/>), on first use: hosts on the six-point transforms never need
    /// them. Null for every other kind.
    /// </summary>
    public float[]? WinogradWeight =>
        WinogradF2x2.Applies(Spec) ? OnFirstUse(ref _winogradWeight, WinogradF2x2.TransformWeights) : null;

    /// <summary>
    /// For a 3x3 or 5x5 stride-1 convolution, the weights transformed for the six-point Winograd F(4x4, 3x3) or
    /// F(2x2, 5x5) (see <see cref="WinogradSixPoints.TransformWeights"/>), on first use: only the hosts that use
    /// them need them. Null for every other kind.
    /// </summary>
    public float[]? SixPointWinogradWeight
    {
        get
        {
            return HasSixPointWinograd ? OnFirstUse(ref _sixPointWeight, WinogradSixPoints.TransformWeights) : null;
        }
    }

    /// <summary>Whether this is a 3x3 or 5x5 stride-1 convolution, which the six-point Winograd transforms apply to.</summary>
    public bool HasSixPointWinograd => Spec.Stride == 1 && Spec.KernelH == Spec.KernelW && Spec.KernelH is 3 or 5;

    /// <summary>
    /// The weights transformed for <paramref name="transform"/> (see <see cref="SeparableWinograd.TransformWeights"/>),
    /// on first use and kept; throws when the transform does not fit the kernel and stride.
    /// </summary>
    public float[] SeparableWinogradWeight(SeparableWinograd transform)
    {
        lock (_separableWeights)
        {
            if (!_separableWeights.TryGetValue(transform, out float[]? weight))
            {
                weight = transform.TransformWeights(Spec, Weight);
                _separableWeights.Add(transform, weight);
            }

            return weight;
        }
    }

    /// <summary>
    /// For a 1 x r or r x 1 convolution that keeps its size, the weights transformed for the one-dimensional
    /// Winograd F(m, r) once at load (see <see cref="LineWinograd.TransformWeights"/>); null for every other kind.
    /// </summary>
    public float[]? LineWinogradWeight { get; }

    /// <summary>
    /// <see cref="Weight"/> packed for the micro-kernel of <paramref name="isa"/>, packed on first use and kept
    /// (repacked when asked for another instruction set: tests switch between them).
    /// </summary>
    public SgemmPackedA PackedWeight(KernelIsa isa)
    {
        SgemmPackedA? packed = Volatile.Read(ref _packedWeight);
        if (packed is null || packed.Isa != isa)
        {
            packed = SgemmPackedA.Pack(false, Spec.OutChannels, Spec.PatchSize, Weight, Spec.PatchSize, isa);
            Volatile.Write(ref _packedWeight, packed);
        }

        return packed;
    }

    /// <summary>The transformed weights in <paramref name="field"/>, computed and kept on the first call (a race computes the same values twice).</summary>
    private float[] OnFirstUse(ref float[]? field, Func<ConvSpec, ReadOnlySpan<float>, float[]> transform)
    {
        float[]? weight = Volatile.Read(ref field);
        if (weight is null)
        {
            weight = transform(Spec, Weight);
            Volatile.Write(ref field, weight);
        }

        return weight;
    }

    /// <summary>Folds batch norm into the convolution.</summary>
    /// <param name="spec">The layer.</param>
    /// <param name="weight">[O, I, KH, KW] convolution weight.</param>
    /// <param name="gamma">[O] batch-norm weight.</param>
    /// <param name="beta">[O] batch-norm bias.</param>
    /// <param name="mean">[O] running mean.</param>
    /// <param name="variance">[O] running variance.</param>
    public static FoldedConv Fold(ConvSpec spec, float[] weight, float[] gamma, float[] beta, float[] mean, float[] variance)
    {
        int rows = spec.OutChannels;
        int patch = spec.PatchSize;
        var folded = new float[weight.Length];
        var bias = new float[rows];
        for (int o = 0; o < rows; o++)
        {
            double scale = gamma[o] / Math.Sqrt(variance[o] + InceptionLayout.BatchNormEpsilon);
            bias[o] = (float)(beta[o] - (mean[o] * scale));
            for (int i = o * patch; i < (o + 1) * patch; i++)
            {
                folded[i] = (float)(weight[i] * scale);
            }
        }

        return new FoldedConv(spec, folded, bias);
    }

    /// <summary>Stacks pointwise convolutions of one input: their output channels follow one another in order.</summary>
    /// <param name="name">Name of the stack (for messages only).</param>
    /// <param name="parts">The convolutions, all 1x1 on the same number of input channels.</param>
    public static FoldedConv Stack(string name, params FoldedConv[] parts)
    {
        int inChannels = parts[0].Spec.InChannels;
        if (Array.Exists(parts, p => !p.Spec.IsPointwise || p.Spec.InChannels != inChannels))
        {
            throw new InvalidOperationException($"Only 1x1 convolutions of one input can be stacked ({name}).");
        }

        var spec = ConvSpec.Pointwise(name, inChannels, parts.Sum(p => p.Spec.OutChannels));
        return new FoldedConv(spec, [.. parts.SelectMany(p => p.Weight)], [.. parts.SelectMany(p => p.Bias)]);
    }
}
