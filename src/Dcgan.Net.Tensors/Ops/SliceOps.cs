using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>
/// Narrow (a contiguous range along one dimension), its adjoint (placing a block into zeros) and concatenation.
/// All three view the tensor as [outer, dim, inner] and copy rows of <c>length * inner</c> values.
/// </summary>
internal static class SliceOps
{
    public static Tensor Narrow(Tensor x, int dim, int start, int length)
    {
        int d = ShapeUtil.NormalizeDim(dim, x.Rank);
        int size = x.ShapeArray[d];
        if (start < 0 || length < 0 || start + length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Range [{start}, {start + length}) is outside dimension {d} of size {size} (shape {ShapeUtil.Format(x.Shape)}).");
        }

        var shape = (int[])x.ShapeArray.Clone();
        shape[d] = length;
        var (outer, inner) = OuterInner(x.ShapeArray, d);
        var result = TensorArena.Allocate(ShapeUtil.Count(shape));
        ReadOnlySpan<float> src = x.Data;
        int block = length * inner;
        for (int o = 0; o < outer; o++)
        {
            src.Slice((o * size * inner) + (start * inner), block).CopyTo(result.AsSpan(o * block, block));
        }

        return Tensor.FromOp(result, shape, Node.ShouldRecord(x) ? new NarrowNode(x, d, start) : null);
    }

    /// <summary>A tensor of <paramref name="shape"/> that is zero except for <paramref name="block"/> at <paramref name="start"/> along <paramref name="dim"/>.</summary>
    public static Tensor Embed(Tensor block, int[] shape, int dim, int start)
    {
        var result = TensorArena.Allocate(ShapeUtil.Count(shape));
        var (outer, inner) = OuterInner(shape, dim);
        int size = shape[dim];
        int rows = block.ShapeArray[dim] * inner;
        ReadOnlySpan<float> src = block.Data;
        for (int o = 0; o < outer; o++)
        {
            src.Slice(o * rows, rows).CopyTo(result.AsSpan((o * size * inner) + (start * inner), rows));
        }

        return Tensor.FromOp(result, shape, Node.ShouldRecord(block) ? new EmbedNode(block, dim, start) : null);
    }

    public static Tensor Cat(IReadOnlyList<Tensor> parts, int dim)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("Cat needs at least one tensor.", nameof(parts));
        }

        int d = ShapeUtil.NormalizeDim(dim, parts[0].Rank);
        var shape = (int[])parts[0].ShapeArray.Clone();
        int total = 0;
        foreach (var p in parts)
        {
            for (int k = 0; k < shape.Length; k++)
            {
                if (p.Rank != shape.Length || (k != d && p.ShapeArray[k] != shape[k]))
                {
                    throw new ArgumentException($"Cat along dimension {d}: shapes {ShapeUtil.Format(parts[0].Shape)} and {ShapeUtil.Format(p.Shape)} differ outside that dimension.");
                }
            }

            total += p.ShapeArray[d];
        }

        shape[d] = total;
        var (outer, inner) = OuterInner(shape, d);
        var result = TensorArena.Allocate(ShapeUtil.Count(shape));
        int offset = 0;
        bool record = false;
        foreach (var p in parts)
        {
            int rows = p.ShapeArray[d] * inner;
            ReadOnlySpan<float> src = p.Data;
            for (int o = 0; o < outer; o++)
            {
                src.Slice(o * rows, rows).CopyTo(result.AsSpan((o * total * inner) + (offset * inner), rows));
            }

            offset += p.ShapeArray[d];
            record |= Node.ShouldRecord(p);
        }

        return Tensor.FromOp(result, shape, record ? new CatNode([.. parts], d) : null);
    }

    private static (int Outer, int Inner) OuterInner(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int k = 0; k < dim; k++)
        {
            outer *= shape[k];
        }

        for (int k = dim + 1; k < shape.Length; k++)
        {
            inner *= shape[k];
        }

        return (outer, inner);
    }

    private sealed class NarrowNode(Tensor x, int dim, int start) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [Embed(g, x.ShapeArray, dim, start)];
    }

    private sealed class EmbedNode(Tensor block, int dim, int start) : Node(block)
    {
        public override Tensor?[] Backward(Tensor g) => [Narrow(g, dim, start, block.ShapeArray[dim])];
    }

    private sealed class CatNode(Tensor[] parts, int dim) : Node(parts)
    {
        public override Tensor?[] Backward(Tensor g)
        {
            var grads = new Tensor?[Inputs.Length];
            int offset = 0;
            for (int i = 0; i < Inputs.Length; i++)
            {
                int n = Inputs[i]!.ShapeArray[dim];
                grads[i] = Needs(i) ? Narrow(g, dim, offset, n) : null;
                offset += n;
            }

            return grads;
        }
    }
}
