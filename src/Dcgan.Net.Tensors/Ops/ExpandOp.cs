using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>Broadcasts a tensor to a larger shape (copying), the adjoint of <see cref="SumOp.SumTo"/>.</summary>
internal static class ExpandOp
{
    public static Tensor Forward(Tensor x, int[] shape)
    {
        if (ShapeUtil.SameShape(x.Shape, shape))
        {
            return x;
        }

        int[] result = ShapeUtil.Broadcast(x.Shape, shape);
        if (!ShapeUtil.SameShape(result, shape))
        {
            throw new ArgumentException($"Cannot expand shape {ShapeUtil.Format(x.Shape)} to {ShapeUtil.Format(shape)}.");
        }

        var zeros = Tensor.Zeros(1);
        float[] data = Broadcasting.Apply(BinaryKind.Add, x, zeros, result);
        return Tensor.FromOp(data, result, Node.ShouldRecord(x) ? new ExpandNode(x) : null);
    }

    private sealed class ExpandNode(Tensor x) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [g.SumTo(x.ShapeArray)];
    }
}
