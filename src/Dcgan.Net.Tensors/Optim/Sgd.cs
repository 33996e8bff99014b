using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tensors.Optim;

/// <summary>Stochastic gradient descent with optional momentum and weight decay, as <c>torch.optim.SGD</c>.</summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _buffers;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">Parameters to update.</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="momentum">Momentum factor. Default 0.</param>
    /// <param name="weightDecay">L2 penalty. Default 0.</param>
    /// <param name="dampening">Dampening for momentum. Default 0.</param>
    /// <param name="nesterov">Nesterov momentum. Default false.</param>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double weightDecay = 0, double dampening = 0, bool nesterov = false)
        : base(parameters)
    {
        Check(learningRate >= 0, nameof(learningRate), learningRate, ">= 0");
        Check(momentum >= 0, nameof(momentum), momentum, ">= 0");
        Check(weightDecay >= 0, nameof(weightDecay), weightDecay, ">= 0");
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and zero dampening.");
        }

        LearningRate = learningRate;
        Momentum = momentum;
        WeightDecay = weightDecay;
        Dampening = dampening;
        Nesterov = nesterov;
        _buffers = new float[Parameters.Count][];
    }

    /// <summary>Momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>L2 penalty.</summary>
    public double WeightDecay { get; }

    /// <summary>Dampening.</summary>
    public double Dampening { get; }

    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        float lr = (float)LearningRate, wd = (float)WeightDecay, mu = (float)Momentum, damp = (float)(1 - Dampening);
        float[]? buf = _buffers[index];
        bool first = buf is null && mu != 0f;
        if (mu != 0f)
        {
            buf = _buffers[index] ??= new float[p.Length];
        }

        for (int i = 0; i < p.Length; i++)
        {
            float d = wd != 0f ? g[i] + (wd * p[i]) : g[i];
            if (buf is not null)
            {
                buf[i] = first ? d : (buf[i] * mu) + (d * damp);
                d = Nesterov ? d + (mu * buf[i]) : buf[i];
            }

            p[i] -= lr * d;
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, float[] Value)> ParameterState(int index)
    {
        if (_buffers[index] is { } b)
        {
            yield return ("momentum_buffer", b);
        }
    }

    /// <inheritdoc />
    protected override void LoadParameterState(int index, IReadOnlyDictionary<string, RawArray> entries) =>
        _buffers[index] = entries.TryGetValue("momentum_buffer", out var b) ? b.ToSingleArray() : null;
}
