namespace Dcgan.Net.Tensors;

/// <summary>
/// A dense float32 tensor in row-major (NCHW) order that can record the operations applied to it for
/// reverse-mode automatic differentiation. Storage is always contiguous; shape operations that cannot
/// share storage (permute, slicing) copy.
/// </summary>
public sealed partial class Tensor
{
    private readonly float[] _data;
    private readonly int[] _shape;
    private bool _requiresGrad;

    internal Tensor(float[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
        Count = ShapeUtil.Count(shape);
        if (data.Length < Count)
        {
            throw new ArgumentException($"Storage holds {data.Length} values but shape {ShapeUtil.Format(shape)} needs {Count}.");
        }
    }

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>
    /// Whether gradients are computed for this tensor. Settable on leaf tensors only (parameters, inputs);
    /// results of operations require grad exactly when one of their inputs does and grad mode is on.
    /// </summary>
    /// <exception cref="InvalidOperationException">Set on a tensor produced by a recorded operation.</exception>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null)
            {
                throw new InvalidOperationException("RequiresGrad can only be changed on leaf tensors; use Detach() to get a leaf.");
            }

            _requiresGrad = value;
        }
    }

    /// <summary>Accumulated gradient (same shape), filled by <see cref="Backward"/>; null until then.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>True when the tensor was not produced by a recorded operation.</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>The recorded operation that produced this tensor, or null for a leaf.</summary>
    internal Autograd.Node? GradFn { get; private set; }

    /// <summary>Raw storage; only the first <see cref="Count"/> values belong to the tensor.</summary>
    internal float[] Storage => _data;

    /// <summary>The values as a span (writes are not recorded by autograd).</summary>
    internal Span<float> Data => _data.AsSpan(0, Count);

    /// <summary>The shape array (callers must not modify it).</summary>
    internal int[] ShapeArray => _shape;

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int Size(int dim) => _shape[ShapeUtil.NormalizeDim(dim, Rank)];

    /// <summary>
    /// The values as a writable span, row-major. Writes are not recorded by autograd: use it to fill inputs
    /// (data batches, noise) without allocating, never to change a tensor that a recorded graph still needs.
    /// </summary>
    public Span<float> AsSpan() => Data;

    /// <summary>Copies the values into a new array, row-major.</summary>
    public float[] ToArray() => Data.ToArray();

    /// <summary>Copies the values into <paramref name="destination"/>, row-major.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="Count"/>.</exception>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < Count)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values; the tensor has {Count}.", nameof(destination));
        }

        Data.CopyTo(destination);
    }

    /// <summary>The single value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public float Item()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor with one element; shape is {ShapeUtil.Format(_shape)}.");
        }

        return _data[0];
    }

    /// <summary>Value at a multi-dimensional index.</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => _data[ShapeUtil.Offset(_shape, index)];
        set => _data[ShapeUtil.Offset(_shape, index)] = value;
    }

    /// <summary>A new leaf tensor sharing this tensor's values but detached from the graph.</summary>
    public Tensor Detach() => new(_data, _shape);

    /// <summary>A new leaf tensor with a copy of the values.</summary>
    public Tensor Clone() => new(Data.ToArray(), (int[])_shape.Clone());

    /// <summary>
    /// Clears the gradient: zeroes it in place (keeping the buffer, as PyTorch 1.13's default), or drops it when
    /// <paramref name="setToNone"/>.
    /// </summary>
    public void ZeroGrad(bool setToNone = false)
    {
        // A gradient recorded in create-graph mode belongs to a graph: drop it rather than overwrite it.
        if (setToNone || Grad is null || !Grad.IsLeaf)
        {
            Grad = null;
        }
        else
        {
            Grad.Data.Clear();
        }
    }

    /// <summary>Shape and a preview of the values, for debugging.</summary>
    public override string ToString()
    {
        int n = Math.Min(Count, 8);
        string values = string.Join(", ", Data[..n].ToArray().Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return $"Tensor{ShapeUtil.Format(_shape)} [{values}{(Count > n ? ", ..." : string.Empty)}]";
    }

    /// <summary>Creates the result of an operation, attaching <paramref name="node"/> when autograd records it.</summary>
    internal static Tensor FromOp(float[] data, int[] shape, Autograd.Node? node)
    {
        var t = new Tensor(data, shape);
        if (node is not null)
        {
            t.GradFn = node;
            t._requiresGrad = true;
        }

        return t;
    }
}
