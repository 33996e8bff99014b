using System.Numerics.Tensors;
using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>Smooth element-wise functions (exp, log, sqrt, tanh, sigmoid, pow) and their gradients.</summary>
internal static class UnaryOps
{
    public static Tensor Exp(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Exp(x.Data, y);
        return Result(x, y, static (x, y, g) => g.Mul(y));
    }

    public static Tensor Log(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Log(x.Data, y);
        return Result(x, y, static (x, _, g) => g.Div(x));
    }

    public static Tensor Sqrt(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Sqrt(x.Data, y);
        return Result(x, y, static (_, y, g) => g.Div(y).MulScalar(0.5f));
    }

    public static Tensor Tanh(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Tanh(x.Data, y);
        return Result(x, y, static (_, y, g) => g.Mul(y.Mul(y).Neg().AddScalar(1f)));
    }

    public static Tensor Sigmoid(Tensor x)
    {
        var y = TensorArena.Allocate(x.Count);
        TensorPrimitives.Sigmoid(x.Data, y);
        return Result(x, y, static (_, y, g) => g.Mul(y.Mul(y.Neg().AddScalar(1f))));
    }

    /// <summary>x^p for a constant exponent p.</summary>
    public static Tensor Pow(Tensor x, float p)
    {
        var y = TensorArena.Allocate(x.Count);
        ReadOnlySpan<float> xs = x.Data;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = MathF.Pow(xs[i], p);
        }

        return Result(x, y, (x, _, g) => g.Mul(x.Pow(p - 1f)).MulScalar(p));
    }

    private static Tensor Result(Tensor x, float[] y, Func<Tensor, Tensor, Tensor, Tensor> backward)
    {
        if (!Node.ShouldRecord(x))
        {
            return Tensor.FromOp(y, x.ShapeArray, null);
        }

        var node = new FunctionNode(x, backward);
        var output = Tensor.FromOp(y, x.ShapeArray, node);
        node.Output = output;
        return output;
    }

    /// <summary>A node whose gradient is a function of the input, the output and the output gradient.</summary>
    private sealed class FunctionNode(Tensor x, Func<Tensor, Tensor, Tensor, Tensor> backward) : Node(x)
    {
        public Tensor? Output { get; set; }

        public override Tensor?[] Backward(Tensor g) => [backward(x, Output!, g)];
    }
}
