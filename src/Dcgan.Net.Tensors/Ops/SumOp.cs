using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>Sum over a set of dimensions (accumulated in float64), and its gradient (broadcast back).</summary>
internal static class SumOp
{
    public static Tensor Forward(Tensor x, int[] dims, bool keepDim)
    {
        bool[] reduce = ReducedMask(x.Rank, dims);
        int[] keptShape = new int[x.Rank];
        for (int d = 0; d < x.Rank; d++)
        {
            keptShape[d] = reduce[d] ? 1 : x.ShapeArray[d];
        }

        float[] data = Reduce(x, reduce, ShapeUtil.Count(keptShape));
        int[] outShape = keepDim ? keptShape : Squeezed(x.ShapeArray, reduce);
        return Tensor.FromOp(data, outShape, Node.ShouldRecord(x) ? new SumNode(x, keptShape) : null);
    }

    /// <summary>Sums a broadcast result back down to <paramref name="shape"/> (the adjoint of broadcasting).</summary>
    public static Tensor SumTo(Tensor x, int[] shape)
    {
        if (ShapeUtil.SameShape(x.Shape, shape))
        {
            return x;
        }

        int pad = x.Rank - shape.Length;
        if (pad < 0)
        {
            throw new ArgumentException($"Cannot sum shape {ShapeUtil.Format(x.Shape)} down to {ShapeUtil.Format(shape)}.");
        }

        var dims = new List<int>();
        for (int d = 0; d < x.Rank; d++)
        {
            if (d < pad || (shape[d - pad] == 1 && x.ShapeArray[d] != 1))
            {
                dims.Add(d);
            }
            else if (shape[d - pad] != x.ShapeArray[d])
            {
                throw new ArgumentException($"Cannot sum shape {ShapeUtil.Format(x.Shape)} down to {ShapeUtil.Format(shape)}.");
            }
        }

        return Forward(x, [.. dims], keepDim: true).Reshape(shape);
    }

    internal static bool[] ReducedMask(int rank, int[] dims)
    {
        var reduce = new bool[rank];
        foreach (int dim in dims)
        {
            int d = ShapeUtil.NormalizeDim(dim, rank);
            if (reduce[d])
            {
                throw new ArgumentException($"Dimension {dim} appears twice in the reduction.");
            }

            reduce[d] = true;
        }

        return reduce;
    }

    internal static int[] Squeezed(int[] shape, bool[] reduce)
    {
        var result = new List<int>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (!reduce[d])
            {
                result.Add(shape[d]);
            }
        }

        return [.. result];
    }

    private static float[] Reduce(Tensor x, bool[] reduce, int outCount)
    {
        // View the input as [outer, reduced..., inner] blocks by walking every element once; the output
        // index is tracked incrementally with the strides of the kept dimensions.
        int rank = x.Rank;
        var outStrides = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            outStrides[d] = reduce[d] ? 0 : s;
            s *= reduce[d] ? 1 : x.ShapeArray[d];
        }

        var acc = new double[outCount];
        ReadOnlySpan<float> data = x.Data;
        int inner = rank == 0 ? 1 : x.ShapeArray[rank - 1];
        int innerStride = rank == 0 ? 0 : outStrides[rank - 1];
        var index = new int[Math.Max(1, rank)];
        int outOffset = 0;
        for (int start = 0; start < data.Length; start += inner)
        {
            var row = data.Slice(start, inner);
            if (innerStride == 0)
            {
                double sum = 0;
                foreach (float v in row)
                {
                    sum += v;
                }

                acc[outOffset] += sum;
            }
            else
            {
                for (int i = 0; i < row.Length; i++)
                {
                    acc[outOffset + i] += row[i];
                }
            }

            for (int d = rank - 2; d >= 0; d--)
            {
                index[d]++;
                outOffset += outStrides[d];
                if (index[d] < x.ShapeArray[d])
                {
                    break;
                }

                outOffset -= outStrides[d] * x.ShapeArray[d];
                index[d] = 0;
            }
        }

        var result = TensorArena.Allocate(outCount);
        for (int i = 0; i < outCount; i++)
        {
            result[i] = (float)acc[i];
        }

        return result;
    }

    private sealed class SumNode(Tensor x, int[] keptShape) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [g.Reshape(keptShape).Expand(x.ShapeArray)];
    }
}
