namespace Dcgan.Net.Tensors;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(TensorArena.Allocate(ShapeUtil.Count(shape)), (int[])shape.Clone());

    /// <summary>A copy of <paramref name="source"/> whose storage lives outside any <see cref="TensorArena"/>.</summary>
    internal static Tensor Persistent(Tensor source)
    {
        var data = TensorArena.AllocatePersistent(source.Count);
        source.Data.CopyTo(data);
        return new Tensor(data, source._shape);
    }

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var data = TensorArena.Allocate(ShapeUtil.Count(shape));
        data.AsSpan().Fill(value);
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>Zeros with the shape of <paramref name="other"/>.</summary>
    public static Tensor ZerosLike(Tensor other) => Zeros(other._shape);

    /// <summary>Ones with the shape of <paramref name="other"/>.</summary>
    public static Tensor OnesLike(Tensor other) => Ones(other._shape);

    /// <summary>A one-element tensor of shape [] holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>A tensor over a copy of <paramref name="values"/> with the given shape.</summary>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape)
    {
        int n = ShapeUtil.Count(shape);
        if (values.Length != n)
        {
            throw new ArgumentException($"Shape {ShapeUtil.Format(shape)} needs {n} values, got {values.Length}.", nameof(values));
        }

        return new Tensor(values.ToArray(), (int[])shape.Clone());
    }

    /// <summary>Wraps <paramref name="values"/> without copying (the tensor and the caller share the array).</summary>
    /// <exception cref="ArgumentException">The array is shorter than the shape needs.</exception>
    public static Tensor Wrap(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Tensor(values, (int[])shape.Clone());
    }

    /// <summary>Values drawn from N(0, 1) with <paramref name="generator"/>.</summary>
    public static Tensor Randn(TensorGenerator generator, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Zeros(shape);
        generator.FillNormal(t.Data, 0f, 1f);
        return t;
    }

    /// <summary>Values drawn from U[0, 1) with <paramref name="generator"/>.</summary>
    public static Tensor Rand(TensorGenerator generator, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Zeros(shape);
        generator.FillUniform(t.Data, 0f, 1f);
        return t;
    }
}
