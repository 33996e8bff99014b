using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>Broadcasting add, subtract, multiply and divide, with their gradients.</summary>
internal static class ArithmeticOps
{
    public static Tensor Forward(BinaryKind kind, Tensor a, Tensor b)
    {
        int[] shape = ShapeUtil.Broadcast(a.Shape, b.Shape);
        float[] data = Broadcasting.Apply(kind, a, b, shape);
        return Tensor.FromOp(data, shape, Node.ShouldRecord(a, b) ? new BinaryNode(kind, a, b) : null);
    }

    private sealed class BinaryNode(BinaryKind kind, Tensor a, Tensor b) : Node(a, b)
    {
        public override string Name => kind.ToString();

        public override Tensor?[] Backward(Tensor g)
        {
            Tensor? ga = null, gb = null;
            switch (kind)
            {
                case BinaryKind.Add:
                    ga = Needs(0) ? g : null;
                    gb = Needs(1) ? g : null;
                    break;
                case BinaryKind.Subtract:
                    ga = Needs(0) ? g : null;
                    gb = Needs(1) ? g.Neg() : null;
                    break;
                case BinaryKind.Multiply:
                    ga = Needs(0) ? g.Mul(b) : null;
                    gb = Needs(1) ? g.Mul(a) : null;
                    break;
                default:
                    ga = Needs(0) ? g.Div(b) : null;
                    gb = Needs(1) ? g.Mul(a).Div(b.Mul(b)).Neg() : null;
                    break;
            }

            return [ga?.SumTo(a.ShapeArray), gb?.SumTo(b.ShapeArray)];
        }
    }
}
