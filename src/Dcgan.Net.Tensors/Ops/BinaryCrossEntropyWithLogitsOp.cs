using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>
/// Element-wise binary cross-entropy on logits, max(x, 0) - x y + log(1 + e^-|x|) (evaluated in float64),
/// with PyTorch's gradients d/dx = sigmoid(x) - y and d/dy = -x. The gradients are written with tensor
/// operations, so the op is twice differentiable. It is a primitive rather than a relu/abs composite because
/// at x = 0 the subgradients of those kinks do not cancel: the composite's gradient there would be -y
/// instead of 0.5 - y (a zero-initialised output layer produces exactly such logits).
/// </summary>
internal static class BinaryCrossEntropyWithLogitsOp
{
    public static Tensor Forward(Tensor x, Tensor y)
    {
        ShapeUtil.Expect(y.Shape, x.Shape, "BinaryCrossEntropyWithLogits target");
        var loss = TensorArena.Allocate(x.Count);
        ReadOnlySpan<float> xs = x.Data, ys = y.Data;
        for (int i = 0; i < loss.Length; i++)
        {
            double xi = xs[i];
            loss[i] = (float)(Math.Max(xi, 0) - (xi * ys[i]) + Math.Log(1 + Math.Exp(-Math.Abs(xi))));
        }

        return Tensor.FromOp(loss, x.ShapeArray, Node.ShouldRecord(x, y) ? new BceWithLogitsNode(x, y) : null);
    }

    private sealed class BceWithLogitsNode(Tensor x, Tensor y) : Node(x, y)
    {
        public override string Name => "BinaryCrossEntropyWithLogits";

        public override Tensor?[] Backward(Tensor g) =>
            [Needs(0) ? g.Mul(x.Sigmoid().Sub(y)) : null, Needs(1) ? g.Mul(x).Neg() : null];
    }
}
