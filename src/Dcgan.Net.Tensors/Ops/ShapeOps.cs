using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>Reshape (shares storage), permute (copies) and their gradients.</summary>
internal static class ShapeOps
{
    public static Tensor Reshape(Tensor x, int[] shape)
    {
        int[] resolved = Resolve(shape, x.Count, x.ShapeArray);
        if (ShapeUtil.SameShape(resolved, x.Shape))
        {
            return x;
        }

        return Tensor.FromOp(x.Storage, resolved, Node.ShouldRecord(x) ? new ReshapeNode(x) : null);
    }

    public static Tensor Permute(Tensor x, int[] order)
    {
        int rank = x.Rank;
        if (order.Length != rank)
        {
            throw new ArgumentException($"Permutation of length {order.Length} for a tensor of shape {ShapeUtil.Format(x.Shape)}.");
        }

        var seen = new bool[rank];
        var norm = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int d = ShapeUtil.NormalizeDim(order[i], rank);
            if (seen[d])
            {
                throw new ArgumentException($"Permutation {ShapeUtil.Format(order)} repeats dimension {d}.");
            }

            seen[d] = true;
            norm[i] = d;
        }

        var inStrides = ShapeUtil.Strides(x.Shape);
        var outShape = new int[rank];
        var strides = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            outShape[i] = x.ShapeArray[norm[i]];
            strides[i] = inStrides[norm[i]];
        }

        var result = TensorArena.Allocate(x.Count);
        ReadOnlySpan<float> src = x.Data;
        var index = new int[rank];
        int offset = 0;
        for (int o = 0; o < result.Length; o++)
        {
            result[o] = src[offset];
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                offset += strides[d];
                if (index[d] < outShape[d])
                {
                    break;
                }

                offset -= strides[d] * outShape[d];
                index[d] = 0;
            }
        }

        var inverse = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            inverse[norm[i]] = i;
        }

        return Tensor.FromOp(result, outShape, Node.ShouldRecord(x) ? new PermuteNode(x, inverse) : null);
    }

    private static int[] Resolve(int[] shape, int count, int[] from)
    {
        var result = (int[])shape.Clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new ArgumentException($"Reshape to {ShapeUtil.Format(shape)}: only one dimension can be -1.");
                }

                infer = i;
            }
            else if (result[i] < 0)
            {
                throw new ArgumentException($"Reshape to {ShapeUtil.Format(shape)}: negative dimension.");
            }
            else
            {
                known *= result[i];
            }
        }

        if (infer >= 0 && known > 0 && count % known == 0)
        {
            result[infer] = (int)(count / known);
            known *= result[infer];
        }

        if (known != count)
        {
            throw new ArgumentException($"Cannot reshape a tensor of shape {ShapeUtil.Format(from)} ({count} values) to {ShapeUtil.Format(shape)}.");
        }

        return result;
    }

    private sealed class ReshapeNode(Tensor x) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [g.Reshape(x.ShapeArray)];
    }

    private sealed class PermuteNode(Tensor x, int[] inverse) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [g.Permute(inverse)];
    }
}
