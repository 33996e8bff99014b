using Dcgan.Net.Tensors.Ops;

namespace Dcgan.Net.Tensors;

/// <summary>How a loss reduces its element-wise values.</summary>
public enum Reduction
{
    /// <summary>Average over all elements (PyTorch's default).</summary>
    Mean,

    /// <summary>Sum over all elements.</summary>
    Sum,

    /// <summary>No reduction: the element-wise losses.</summary>
    None,
}

public static partial class Functional
{
    /// <summary>Binary cross-entropy on probabilities, as <c>F.binary_cross_entropy</c> (logs clamped at -100).</summary>
    /// <param name="input">Probabilities in [0, 1].</param>
    /// <param name="target">Targets, same shape.</param>
    /// <param name="reduction">Default mean.</param>
    /// <exception cref="ArgumentException">Shapes differ, or an input is outside [0, 1].</exception>
    public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Reduce(BinaryCrossEntropyOp.Forward(input, target), reduction);

    /// <summary>
    /// Binary cross-entropy on logits, as <c>F.binary_cross_entropy_with_logits</c>: max(x, 0) - x y + log(1 + e^-|x|),
    /// stable for any x; gradient sigmoid(x) - y (also at x = 0), twice differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Reduce(BinaryCrossEntropyWithLogitsOp.Forward(input, target), reduction);

    /// <summary>Mean squared error, as <c>F.mse_loss</c>.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ShapeUtil.Expect(target.Shape, input.Shape, "MseLoss target");
        var d = input.Sub(target);
        return Reduce(d.Mul(d), reduction);
    }

    private static Tensor Reduce(Tensor loss, Reduction reduction) => reduction switch
    {
        Reduction.Mean => loss.Mean(),
        Reduction.Sum => loss.Sum(),
        Reduction.None => loss,
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };
}
