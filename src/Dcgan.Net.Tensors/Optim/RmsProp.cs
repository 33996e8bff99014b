using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tensors.Optim;

/// <summary>RMSprop as <c>torch.optim.RMSprop</c> (not centered): v = a v + (1 - a) g², p -= lr g / (sqrt(v) + eps).</summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[]?[] _squares;
    private readonly float[]?[] _momentum;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update.</param>
    /// <param name="learningRate">Step size. Default 1e-2.</param>
    /// <param name="alpha">Smoothing constant. Default 0.99.</param>
    /// <param name="eps">Denominator offset. Default 1e-8.</param>
    /// <param name="weightDecay">L2 penalty. Default 0.</param>
    /// <param name="momentum">Momentum factor. Default 0.</param>
    public RmsProp(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0)
        : base(parameters)
    {
        Check(learningRate >= 0, nameof(learningRate), learningRate, ">= 0");
        Check(alpha >= 0, nameof(alpha), alpha, ">= 0");
        Check(eps >= 0, nameof(eps), eps, ">= 0");
        LearningRate = learningRate;
        Alpha = alpha;
        Eps = eps;
        WeightDecay = weightDecay;
        Momentum = momentum;
        _squares = new float[Parameters.Count][];
        _momentum = new float[Parameters.Count][];
    }

    /// <summary>Smoothing constant.</summary>
    public double Alpha { get; }

    /// <summary>Denominator offset.</summary>
    public double Eps { get; }

    /// <summary>L2 penalty.</summary>
    public double WeightDecay { get; }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        var v = _squares[index] ??= new float[p.Length];
        float[]? buf = Momentum > 0 ? _momentum[index] ??= new float[p.Length] : null;
        float a = (float)Alpha, oneMinusA = (float)(1 - Alpha), lr = (float)LearningRate, eps = (float)Eps, wd = (float)WeightDecay, mu = (float)Momentum;
        for (int i = 0; i < p.Length; i++)
        {
            float gi = wd != 0f ? g[i] + (wd * p[i]) : g[i];
            v[i] = (v[i] * a) + (gi * gi * oneMinusA);
            float step = gi / (MathF.Sqrt(v[i]) + eps);
            if (buf is not null)
            {
                buf[i] = (buf[i] * mu) + step;
                step = buf[i];
            }

            p[i] -= lr * step;
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, float[] Value)> ParameterState(int index)
    {
        if (_squares[index] is { } v)
        {
            yield return ("square_avg", v);
        }

        if (_momentum[index] is { } b)
        {
            yield return ("momentum_buffer", b);
        }
    }

    /// <inheritdoc />
    protected override void LoadParameterState(int index, IReadOnlyDictionary<string, RawArray> entries)
    {
        _squares[index] = entries.TryGetValue("square_avg", out var v) ? v.ToSingleArray() : null;
        _momentum[index] = entries.TryGetValue("momentum_buffer", out var b) ? b.ToSingleArray() : null;
    }
}
