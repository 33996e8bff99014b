using Dcgan.Net.Tensors.Ops;

namespace Dcgan.Net.Tensors;

public sealed partial class Tensor
{
    /// <summary>Same values with a new shape (one dimension may be -1); shares storage.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public Tensor Reshape(params int[] shape) => ShapeOps.Reshape(this, shape);

    /// <summary>Alias of <see cref="Reshape"/> (storage is always contiguous, so every reshape is a view).</summary>
    public Tensor View(params int[] shape) => ShapeOps.Reshape(this, shape);

    /// <summary>Reorders dimensions (copies).</summary>
    public Tensor Permute(params int[] order) => ShapeOps.Permute(this, order);

    /// <summary>Swaps two dimensions (copies).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        var order = new int[Rank];
        for (int i = 0; i < Rank; i++)
        {
            order[i] = i;
        }

        int a = ShapeUtil.NormalizeDim(dim0, Rank), b = ShapeUtil.NormalizeDim(dim1, Rank);
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        int s = ShapeUtil.NormalizeDim(startDim, Rank), e = ShapeUtil.NormalizeDim(endDim, Rank);
        var shape = new List<int>();
        int merged = 1;
        for (int d = 0; d < Rank; d++)
        {
            if (d < s || d > e)
            {
                shape.Add(_shape[d]);
            }
            else
            {
                merged *= _shape[d];
                if (d == e)
                {
                    shape.Add(merged);
                }
            }
        }

        return Reshape([.. shape]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = dim < 0 ? dim + Rank + 1 : dim;
        if (d < 0 || d > Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Unsqueeze position out of range for shape {ShapeUtil.Format(_shape)}.");
        }

        var shape = new List<int>(_shape);
        shape.Insert(d, 1);
        return Reshape([.. shape]);
    }

    /// <summary>Removes dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor Squeeze(int dim)
    {
        int d = ShapeUtil.NormalizeDim(dim, Rank);
        if (_shape[d] != 1)
        {
            throw new ArgumentException($"Squeeze: dimension {d} of shape {ShapeUtil.Format(_shape)} is not 1.");
        }

        var shape = new List<int>(_shape);
        shape.RemoveAt(d);
        return Reshape([.. shape]);
    }

    /// <summary>The range [start, start + length) along <paramref name="dim"/> (copies).</summary>
    public Tensor Narrow(int dim, int start, int length) => SliceOps.Narrow(this, dim, start, length);

    /// <summary>The range [start, end) along <paramref name="dim"/> (copies); negative bounds count from the end.</summary>
    public Tensor Slice(int dim, int start, int end)
    {
        int size = Size(dim);
        int s = start < 0 ? start + size : start;
        int e = end < 0 ? end + size : end;
        return Narrow(dim, s, e - s);
    }

    /// <summary>Concatenates tensors along <paramref name="dim"/>.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0) => SliceOps.Cat(tensors, dim);

    /// <summary>Stacks equally shaped tensors along a new dimension <paramref name="dim"/>.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Cat(tensors.Select(t => t.Unsqueeze(dim)).ToArray(), dim);
    }
}
