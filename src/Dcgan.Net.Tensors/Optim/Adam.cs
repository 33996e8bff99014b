using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tensors.Optim;

/// <summary>
/// Adam with PyTorch 1.13 semantics (L2 weight decay added to the gradient, bias corrections computed in
/// float64, denominator sqrt(v)/sqrt(1 - beta2^t) + eps).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[]?[] _m;
    private readonly float[]?[] _v;
    private readonly long[] _steps;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update.</param>
    /// <param name="learningRate">Step size. Default 1e-3 (the DCGAN homework uses 2e-4).</param>
    /// <param name="beta1">First-moment decay. Default 0.9 (DCGAN: 0.5).</param>
    /// <param name="beta2">Second-moment decay. Default 0.999.</param>
    /// <param name="eps">Denominator offset. Default 1e-8.</param>
    /// <param name="weightDecay">L2 penalty added to the gradient. Default 0.</param>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters)
    {
        Check(learningRate >= 0, nameof(learningRate), learningRate, ">= 0");
        Check(beta1 is >= 0 and < 1, nameof(beta1), beta1, "in [0, 1)");
        Check(beta2 is >= 0 and < 1, nameof(beta2), beta2, "in [0, 1)");
        Check(eps >= 0, nameof(eps), eps, ">= 0");
        Check(weightDecay >= 0, nameof(weightDecay), weightDecay, ">= 0");
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        _m = new float[Parameters.Count][];
        _v = new float[Parameters.Count][];
        _steps = new long[Parameters.Count];
    }

    /// <summary>First-moment decay.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator offset.</summary>
    public double Eps { get; }

    /// <summary>L2 penalty.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        var m = _m[index] ??= new float[p.Length];
        var v = _v[index] ??= new float[p.Length];
        long t = ++_steps[index];
        float b1 = (float)Beta1, b2 = (float)Beta2;
        float oneMinusB1 = (float)(1 - Beta1), oneMinusB2 = (float)(1 - Beta2);
        float wd = (float)WeightDecay;
        double bias1 = 1 - Math.Pow(Beta1, t);
        float bias2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, t));
        float stepSize = (float)(LearningRate / bias1);
        float eps = (float)Eps;
        for (int i = 0; i < p.Length; i++)
        {
            float gi = wd != 0f ? g[i] + (wd * p[i]) : g[i];
            m[i] = (m[i] * b1) + (gi * oneMinusB1);
            v[i] = (v[i] * b2) + (gi * gi * oneMinusB2);
            float denom = (MathF.Sqrt(v[i]) / bias2Sqrt) + eps;
            p[i] -= stepSize * (m[i] / denom);
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, float[] Value)> ParameterState(int index)
    {
        if (_m[index] is { } m && _v[index] is { } v)
        {
            yield return ("exp_avg", m);
            yield return ("exp_avg_sq", v);
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, long Value)> ParameterCounters(int index)
    {
        yield return ("step", _steps[index]);
    }

    /// <inheritdoc />
    protected override void LoadParameterState(int index, IReadOnlyDictionary<string, RawArray> entries)
    {
        _m[index] = entries.TryGetValue("exp_avg", out var m) ? m.ToSingleArray() : null;
        _v[index] = entries.TryGetValue("exp_avg_sq", out var v) ? v.ToSingleArray() : null;
        _steps[index] = entries.TryGetValue("step", out var s) ? (long)s.ToDoubleArray()[0] : 0;
    }
}
