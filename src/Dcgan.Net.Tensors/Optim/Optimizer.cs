using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tensors.Optim;

/// <summary>
/// Base class of optimisers: a list of parameters, <see cref="Step"/> (under no-grad, skipping parameters
/// without a gradient), <see cref="ZeroGrad"/>, and state that can be saved and restored.
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;

    /// <summary>Creates the optimiser over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The list is empty or has a tensor that does not require grad.</exception>
    protected Optimizer(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("The optimiser got an empty parameter list.", nameof(parameters));
        }
    }

    /// <summary>The parameters in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Learning rate (can be changed between steps, e.g. by a schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>Number of steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Clears every parameter's gradient (zeroed in place unless <paramref name="setToNone"/>, as PyTorch 1.13).</summary>
    public void ZeroGrad(bool setToNone = false)
    {
        foreach (var p in _parameters)
        {
            p.ZeroGrad(setToNone);
        }
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        using var noGrad = Autograd.GradMode.NoGrad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.Grad is null)
            {
                continue;
            }

            Update(i, p.Data, p.Grad.Data);
        }
    }

    /// <summary>Applies the update rule to parameter <paramref name="index"/> (values <paramref name="p"/>, gradient <paramref name="g"/>).</summary>
    protected abstract void Update(int index, Span<float> p, ReadOnlySpan<float> g);

    /// <summary>The optimiser's state (step counts, moment buffers) keyed <c>state.{index}.{name}</c>, plus <c>step</c>.</summary>
    public OrderedDictionary<string, RawArray> StateDict()
    {
        var result = new OrderedDictionary<string, RawArray>
        {
            ["step"] = new RawArray(DataType.Int64, [], BitConverter.GetBytes(StepCount)),
        };
        for (int i = 0; i < _parameters.Length; i++)
        {
            foreach (var (name, value) in ParameterState(i))
            {
                result[$"state.{i}.{name}"] = RawArray.FromSingles(value, value.Length);
            }

            foreach (var (name, value) in ParameterCounters(i))
            {
                result[$"state.{i}.{name}"] = new RawArray(DataType.Int64, [], BitConverter.GetBytes(value));
            }
        }

        return result;
    }

    /// <summary>Restores state saved by <see cref="StateDict"/> for the same parameter list.</summary>
    /// <exception cref="ArgumentException">A key is unknown or a buffer has the wrong length (nothing is changed).</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, RawArray> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var unexpected = new List<string>();
        var wrong = new List<string>();
        foreach (var (key, value) in state)
        {
            if (key == "step")
            {
                continue;
            }

            if (!TryParseStateKey(key, out int index))
            {
                unexpected.Add(key);
            }
            else if (value.DataType != DataType.Int64 && value.ElementCount != _parameters[index].Count)
            {
                // Checked against the parameters rather than the current buffers: a fresh optimiser has none yet,
                // and a short buffer would otherwise fail inside the next Step().
                wrong.Add($"{key}: {value.ElementCount} values for a parameter of shape {ShapeUtil.Format(_parameters[index].Shape)}");
            }
        }

        if (unexpected.Count > 0 || wrong.Count > 0 || !state.ContainsKey("step"))
        {
            throw new ArgumentException($"Optimizer state does not fit: unexpected keys [{string.Join(", ", unexpected)}], wrong sizes [{string.Join("; ", wrong)}]{(state.ContainsKey("step") ? string.Empty : ", missing 'step'")}.");
        }

        StepCount = (long)state["step"].ToDoubleArray()[0];
        for (int i = 0; i < _parameters.Length; i++)
        {
            string prefix = $"state.{i}.";
            var entries = state.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
            LoadParameterState(i, entries);
        }
    }

    /// <summary>Parses <c>state.{index}.{name}</c> with an index of an existing parameter.</summary>
    private bool TryParseStateKey(string key, out int index)
    {
        index = -1;
        string[] parts = key.Split('.');
        return parts.Length == 3 && parts[0] == "state" && parts[2].Length > 0
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index)
            && index < _parameters.Length;
    }

    /// <summary>Float buffers of parameter <paramref name="index"/> (empty before its first update).</summary>
    protected abstract IEnumerable<(string Name, float[] Value)> ParameterState(int index);

    /// <summary>Integer state of parameter <paramref name="index"/>.</summary>
    protected virtual IEnumerable<(string Name, long Value)> ParameterCounters(int index) => [];

    /// <summary>Restores the state of parameter <paramref name="index"/> from its entries (names without prefix).</summary>
    protected abstract void LoadParameterState(int index, IReadOnlyDictionary<string, RawArray> entries);

    /// <summary>Throws when a hyper-parameter is outside its range.</summary>
    protected static void Check(bool condition, string name, double value, string range)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}.");
        }
    }
}
