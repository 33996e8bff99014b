using Dcgan.Net.Tensors.Ops;

namespace Dcgan.Net.Tensors;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting.</summary>
    public Tensor Add(Tensor other) => ArithmeticOps.Forward(BinaryKind.Add, this, other);

    /// <summary>Element-wise difference with broadcasting.</summary>
    public Tensor Sub(Tensor other) => ArithmeticOps.Forward(BinaryKind.Subtract, this, other);

    /// <summary>Element-wise product with broadcasting.</summary>
    public Tensor Mul(Tensor other) => ArithmeticOps.Forward(BinaryKind.Multiply, this, other);

    /// <summary>Element-wise quotient with broadcasting.</summary>
    public Tensor Div(Tensor other) => ArithmeticOps.Forward(BinaryKind.Divide, this, other);

    /// <summary>Adds a constant.</summary>
    public Tensor AddScalar(float value) => PiecewiseOps.Affine(this, 1f, value);

    /// <summary>Multiplies by a constant.</summary>
    public Tensor MulScalar(float value) => PiecewiseOps.Affine(this, value, 0f);

    /// <summary>Negation.</summary>
    public Tensor Neg() => PiecewiseOps.Neg(this);

    /// <summary>Element-wise power with a constant exponent.</summary>
    public Tensor Pow(float exponent) => UnaryOps.Pow(this, exponent);

    /// <summary>Element-wise e^x.</summary>
    public Tensor Exp() => UnaryOps.Exp(this);

    /// <summary>Element-wise natural logarithm.</summary>
    public Tensor Log() => UnaryOps.Log(this);

    /// <summary>Element-wise square root.</summary>
    public Tensor Sqrt() => UnaryOps.Sqrt(this);

    /// <summary>Element-wise absolute value (gradient 0 at 0, as PyTorch).</summary>
    public Tensor Abs() => PiecewiseOps.Abs(this);

    /// <summary>Element-wise clamp to [min, max] (gradient 1 inside, 0 outside).</summary>
    public Tensor Clamp(float min, float max) => PiecewiseOps.Clamp(this, min, max);

    /// <summary>Element-wise hyperbolic tangent.</summary>
    public Tensor Tanh() => UnaryOps.Tanh(this);

    /// <summary>Element-wise logistic sigmoid.</summary>
    public Tensor Sigmoid() => UnaryOps.Sigmoid(this);

    /// <summary>Element-wise max(x, 0).</summary>
    public Tensor Relu() => PiecewiseOps.Relu(this);

    /// <summary>Element-wise x for x &gt; 0, slope * x otherwise. Default slope 0.01 as PyTorch.</summary>
    public Tensor LeakyRelu(float negativeSlope = 0.01f) => PiecewiseOps.LeakyRelu(this, negativeSlope);

    /// <summary>Sum of all elements, shape [].</summary>
    public Tensor Sum() => SumOp.Forward(this, AllDims(), keepDim: false);

    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false) => SumOp.Forward(this, dims, keepDim);

    /// <summary>Mean of all elements, shape [].</summary>
    public Tensor Mean() => Sum().MulScalar(1f / Math.Max(1, Count));

    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        int n = ReducedCount(dims);
        return Sum(dims, keepDim).MulScalar(1f / Math.Max(1, n));
    }

    /// <summary>Variance over <paramref name="dims"/>; unbiased (N - 1) by default as PyTorch.</summary>
    public Tensor Var(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        int n = ReducedCount(dims);
        var centered = Sub(Mean(dims, keepDim: true));
        return centered.Mul(centered).Sum(dims, keepDim).MulScalar(1f / Math.Max(1, unbiased ? n - 1 : n));
    }

    /// <summary>Maximum along <paramref name="dim"/> (gradient to the first maximal element).</summary>
    public Tensor Max(int dim, bool keepDim = false) => MaxOp.Forward(this, dim, keepDim).Values;

    /// <summary>Indices of the maximum along <paramref name="dim"/>, row-major over the remaining dimensions.</summary>
    public int[] ArgMax(int dim) => MaxOp.Forward(Detach(), dim, keepDim: false).Indices;

    /// <summary>Matrix product of two 2-D tensors.</summary>
    public Tensor MatMul(Tensor other) => MatMulOp.Forward(this, other, false, false);

    /// <summary>Broadcasts to a larger shape (copying).</summary>
    public Tensor Expand(params int[] shape) => ExpandOp.Forward(this, shape);

    /// <summary>Sums broadcast dimensions away to reach <paramref name="shape"/> (the adjoint of <see cref="Expand"/>).</summary>
    public Tensor SumTo(params int[] shape) => SumOp.SumTo(this, shape);

    /// <summary>Element-wise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>Element-wise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    /// <summary>Element-wise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    /// <summary>Element-wise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, float b) => a.AddScalar(b);

    /// <summary>Subtracts a constant.</summary>
    public static Tensor operator -(Tensor a, float b) => a.AddScalar(-b);

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(Tensor a, float b) => a.MulScalar(b);

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(float a, Tensor b) => b.MulScalar(a);

    /// <summary>Divides by a constant.</summary>
    public static Tensor operator /(Tensor a, float b) => a.MulScalar(1f / b);

    private int[] AllDims()
    {
        var dims = new int[Rank];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = i;
        }

        return dims;
    }

    private int ReducedCount(int[] dims)
    {
        bool[] reduce = SumOp.ReducedMask(Rank, dims);
        int n = 1;
        for (int d = 0; d < Rank; d++)
        {
            n *= reduce[d] ? _shape[d] : 1;
        }

        return n;
    }
}
