using Dcgan.Net.Tensors;

namespace Dcgan.Net.Training;

/// <summary>
/// The loss terms of each <see cref="GanLossKind"/>, computed from discriminator logits with numerically
/// stable formulas (BCE with logits instead of BCE on sigmoid outputs).
/// </summary>
internal static class GanLosses
{
    /// <summary>Discriminator term on real images (target 1 - smoothing for BCE losses).</summary>
    public static Tensor RealTerm(GanLossKind kind, Tensor logits, float smoothing) => kind switch
    {
        GanLossKind.NonSaturating or GanLossKind.Minimax =>
            Functional.BinaryCrossEntropyWithLogits(logits, Tensor.Full(1f - smoothing, logits.Shape.ToArray())),
        GanLossKind.LeastSquares => logits.AddScalar(-(1f - smoothing)).Pow(2f).Mean().MulScalar(0.5f),
        GanLossKind.WassersteinGradientPenalty => logits.Mean().Neg(),
        GanLossKind.Hinge => logits.Neg().AddScalar(1f).Relu().Mean(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss."),
    };

    /// <summary>Discriminator term on generated images (target 0).</summary>
    public static Tensor FakeTerm(GanLossKind kind, Tensor logits) => kind switch
    {
        GanLossKind.NonSaturating or GanLossKind.Minimax =>
            Functional.BinaryCrossEntropyWithLogits(logits, Tensor.Zeros(logits.Shape.ToArray())),
        GanLossKind.LeastSquares => logits.Pow(2f).Mean().MulScalar(0.5f),
        GanLossKind.WassersteinGradientPenalty => logits.Mean(),
        GanLossKind.Hinge => logits.AddScalar(1f).Relu().Mean(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss."),
    };

    /// <summary>Generator loss from the discriminator's logits on generated images.</summary>
    public static Tensor GeneratorTerm(GanLossKind kind, Tensor logits) => kind switch
    {
        GanLossKind.NonSaturating =>
            Functional.BinaryCrossEntropyWithLogits(logits, Tensor.Ones(logits.Shape.ToArray())),
        GanLossKind.Minimax =>
            Functional.BinaryCrossEntropyWithLogits(logits, Tensor.Zeros(logits.Shape.ToArray())).Neg(),
        GanLossKind.LeastSquares => logits.AddScalar(-1f).Pow(2f).Mean().MulScalar(0.5f),
        GanLossKind.WassersteinGradientPenalty or GanLossKind.Hinge => logits.Mean().Neg(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss."),
    };

    /// <summary>Mean sigmoid of the logits: the probability the discriminator assigns to "real".</summary>
    public static float MeanProbability(Tensor logits)
    {
        double sum = 0;
        foreach (float v in logits.ToArray())
        {
            sum += 1.0 / (1.0 + Math.Exp(-v));
        }

        return (float)(sum / Math.Max(1, logits.Count));
    }
}
