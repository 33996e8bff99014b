using Dcgan.Net.Tensors.Autograd;
using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>
/// 2-D matrix product with optional transposes, C = op(A) op(B). The transposes let the backward pass
/// (dA = dC op(B)^T, dB = op(A)^T dC) run without materialising transposed copies.
/// </summary>
internal static class MatMulOp
{
    public static Tensor Forward(Tensor a, Tensor b, bool transA, bool transB)
    {
        ShapeUtil.ExpectRank(a, 2, "MatMul left operand");
        ShapeUtil.ExpectRank(b, 2, "MatMul right operand");
        int m = transA ? a.ShapeArray[1] : a.ShapeArray[0];
        int k = transA ? a.ShapeArray[0] : a.ShapeArray[1];
        int kb = transB ? b.ShapeArray[1] : b.ShapeArray[0];
        int n = transB ? b.ShapeArray[0] : b.ShapeArray[1];
        if (k != kb)
        {
            throw new ArgumentException(
                $"MatMul: inner dimensions differ: left {ShapeUtil.Format(a.Shape)}{(transA ? "^T" : string.Empty)} has {k} columns, right {ShapeUtil.Format(b.Shape)}{(transB ? "^T" : string.Empty)} has {kb} rows.");
        }

        var c = TensorArena.Allocate(m * n);
        Sgemm.Multiply(transA, transB, m, n, k, a.Data, a.ShapeArray[1], b.Data, b.ShapeArray[1], c, n, accumulate: false);
        return Tensor.FromOp(c, [m, n], Node.ShouldRecord(a, b) ? new MatMulNode(a, b, transA, transB) : null);
    }

    private sealed class MatMulNode(Tensor a, Tensor b, bool transA, bool transB) : Node(a, b)
    {
        public override Tensor?[] Backward(Tensor g)
        {
            Tensor? ga = null, gb = null;
            if (Needs(0))
            {
                // op(A) = G op(B)^T, so A = that (or its transpose).
                ga = transA ? Forward(b, g, transB, true) : Forward(g, b, false, !transB);
            }

            if (Needs(1))
            {
                gb = transB ? Forward(g, a, true, transA) : Forward(a, g, !transA, false);
            }

            return [ga, gb];
        }
    }
}
