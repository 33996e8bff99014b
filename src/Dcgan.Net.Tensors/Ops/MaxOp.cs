using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>Maximum along one dimension with the arg-max; the gradient flows to the first maximal element.</summary>
internal static class MaxOp
{
    public static (Tensor Values, int[] Indices) Forward(Tensor x, int dim, bool keepDim)
    {
        int d = ShapeUtil.NormalizeDim(dim, x.Rank);
        int size = x.ShapeArray[d];
        if (size == 0)
        {
            throw new ArgumentException($"Max over an empty dimension {d} (shape {ShapeUtil.Format(x.Shape)}).");
        }

        int outer = 1, inner = 1;
        for (int k = 0; k < d; k++)
        {
            outer *= x.ShapeArray[k];
        }

        for (int k = d + 1; k < x.Rank; k++)
        {
            inner *= x.ShapeArray[k];
        }

        var values = TensorArena.Allocate(outer * inner);
        var indices = new int[outer * inner];
        var mask = TensorArena.Allocate(x.Count);
        ReadOnlySpan<float> src = x.Data;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                float bestValue = src[(o * size * inner) + i];
                for (int s = 1; s < size; s++)
                {
                    float v = src[(((o * size) + s) * inner) + i];
                    if (v > bestValue || float.IsNaN(v))
                    {
                        bestValue = v;
                        best = s;
                        if (float.IsNaN(v))
                        {
                            break;
                        }
                    }
                }

                values[(o * inner) + i] = bestValue;
                indices[(o * inner) + i] = best;
                mask[(((o * size) + best) * inner) + i] = 1f;
            }
        }

        var kept = (int[])x.ShapeArray.Clone();
        kept[d] = 1;
        int[] shape = keepDim ? kept : SumOp.Squeezed(x.ShapeArray, SumOp.ReducedMask(x.Rank, [d]));
        var node = Node.ShouldRecord(x) ? new MaxNode(x, kept, Tensor.Wrap(mask, x.ShapeArray)) : null;
        return (Tensor.FromOp(values, shape, node), indices);
    }

    private sealed class MaxNode(Tensor x, int[] kept, Tensor mask) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [g.Reshape(kept).Expand(x.ShapeArray).Mul(mask)];
    }
}
