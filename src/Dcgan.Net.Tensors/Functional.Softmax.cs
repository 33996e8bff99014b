namespace Dcgan.Net.Tensors;

public static partial class Functional
{
    /// <summary>
    /// log softmax along <paramref name="dim"/>, as <c>F.log_softmax</c>: x - max - log Σ exp(x - max). The maximum
    /// is detached: shifting by a constant leaves the value and the gradient unchanged and keeps exp from overflowing.
    /// </summary>
    /// <param name="input">Any shape, e.g. logits [N, K].</param>
    /// <param name="dim">The dimension normalised over; default the last.</param>
    /// <returns>Same shape as <paramref name="input"/>.</returns>
    public static Tensor LogSoftmax(Tensor input, int dim = -1)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shifted = input.Sub(input.Detach().Max(dim, keepDim: true));
        return shifted.Sub(shifted.Exp().Sum([dim], keepDim: true).Log());
    }

    /// <summary>softmax along <paramref name="dim"/>, as <c>F.softmax</c> (exp of <see cref="LogSoftmax"/>).</summary>
    /// <param name="input">Any shape, e.g. logits [N, K].</param>
    /// <param name="dim">The dimension normalised over; default the last.</param>
    /// <returns>Same shape as <paramref name="input"/>; each slice along <paramref name="dim"/> sums to 1.</returns>
    public static Tensor Softmax(Tensor input, int dim = -1) => LogSoftmax(input, dim).Exp();

    /// <summary>
    /// Cross-entropy of class logits against class indices, as <c>F.cross_entropy</c> without weights or label
    /// smoothing: -log softmax(input)[n, target[n]], reduced over the batch.
    /// </summary>
    /// <param name="input">Logits [N, K].</param>
    /// <param name="target">N class indices, each in 0..K-1.</param>
    /// <param name="reduction">Default mean over N; None gives [N].</param>
    /// <exception cref="ArgumentException">The input is not [N, K], the target count differs from N, or a target is
    /// outside 0..K-1 (the message names the first such index and value).</exception>
    public static Tensor CrossEntropy(Tensor input, ReadOnlySpan<int> target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ShapeUtil.ExpectRank(input, 2, "CrossEntropy input [N, K]");
        int n = input.Size(0), k = input.Size(1);
        if (target.Length != n)
        {
            throw new ArgumentException($"CrossEntropy: input {ShapeUtil.Format(input.Shape)} has {n} rows but there are {target.Length} targets.", nameof(target));
        }

        // The one-hot selector turns the gather into a product, so the composite needs no backward of its own.
        var oneHot = Tensor.Zeros(n, k);
        var hot = oneHot.Data;
        for (int i = 0; i < n; i++)
        {
            if ((uint)target[i] >= (uint)k)
            {
                throw new ArgumentException($"CrossEntropy: target[{i}] = {target[i]} is outside 0..{k - 1}.", nameof(target));
            }

            hot[(i * k) + target[i]] = 1f;
        }

        var perRow = LogSoftmax(input, 1).Mul(oneHot).Sum([1]).Neg();
        return Reduce(perRow, reduction);
    }
}
