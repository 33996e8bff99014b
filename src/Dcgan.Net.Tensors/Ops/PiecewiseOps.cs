using System.Numerics.Tensors;
using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>
/// Piecewise-linear element-wise functions (neg, abs, relu, leaky relu, clamp, scalar affine). Their gradient
/// is the output gradient times a constant mask, so second derivatives flow through the mask product.
/// </summary>
internal static class PiecewiseOps
{
    public static Tensor Neg(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Negate(x.Data, y);
        return Tensor.FromOp(y, x.ShapeArray, Node.ShouldRecord(x) ? new ScaleNode(x, -1f) : null);
    }

    /// <summary>x * scale + shift with constants.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        var y = TensorArena.Allocate(x.Count);
        if (shift == 0f)
        {
            TensorPrimitives.Multiply(x.Data, scale, y);
        }
        else if (scale == 1f)
        {
            TensorPrimitives.Add(x.Data, shift, y);
        }
        else
        {
            Kernels.Elementwise.ScaleShift(x.Data, scale, shift, y);
        }

        return Tensor.FromOp(y, x.ShapeArray, Node.ShouldRecord(x) ? new ScaleNode(x, scale) : null);
    }

    public static Tensor Abs(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Abs(x.Data, y);
        return Masked(x, y, static v => v > 0 ? 1f : v < 0 ? -1f : 0f);
    }

    public static Tensor Relu(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Max(x.Data, 0f, y);
        return WithMask(x, y, 0f);
    }

    public static Tensor LeakyRelu(Tensor x, float slope)
    {
        var y = TensorArena.Allocate(x.Count);
        Kernels.Elementwise.LeakyRelu(x.Data, slope, y);
        return WithMask(x, y, slope);
    }

    public static Tensor Clamp(Tensor x, float min, float max)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clamp needs min <= max, got min {min} and max {max}.");
        }

        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Clamp(x.Data, min, max, y);
        return Masked(x, y, v => v >= min && v <= max ? 1f : 0f);
    }

    /// <summary>Records the gradient mask 1 where x &gt; 0, <paramref name="negative"/> elsewhere.</summary>
    private static Tensor WithMask(Tensor x, float[] y, float negative)
    {
        if (!Node.ShouldRecord(x))
        {
            return Tensor.FromOp(y, x.ShapeArray, null);
        }

        var mask = TensorArena.Allocate(x.Count);
        Kernels.Elementwise.PositiveMask(x.Data, negative, mask);
        return Tensor.FromOp(y, x.ShapeArray, new MaskNode(x, Tensor.Wrap(mask, x.ShapeArray)));
    }

    private static Tensor Masked(Tensor x, float[] y, Func<float, float> derivative)
    {
        if (!Node.ShouldRecord(x))
        {
            return Tensor.FromOp(y, x.ShapeArray, null);
        }

        var mask = TensorArena.Allocate(x.Count);
        ReadOnlySpan<float> xs = x.Data;
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = derivative(xs[i]);
        }

        return Tensor.FromOp(y, x.ShapeArray, new MaskNode(x, Tensor.Wrap(mask, x.ShapeArray)));
    }

    private sealed class MaskNode(Tensor x, Tensor mask) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [g.Mul(mask)];
    }

    private sealed class ScaleNode(Tensor x, float scale) : Node(x)
    {
        public override Tensor?[] Backward(Tensor g) => [scale == 1f ? g : g.MulScalar(scale)];
    }
}
