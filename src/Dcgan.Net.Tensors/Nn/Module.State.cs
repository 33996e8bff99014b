using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tensors.Nn;

public abstract partial class Module
{
    /// <summary>
    /// Parameters, float buffers and counters with PyTorch's dotted key names, in PyTorch's order (per module:
    /// parameters, then buffers; then children). Values are copies.
    /// </summary>
    public OrderedDictionary<string, RawArray> StateDict()
    {
        var result = new OrderedDictionary<string, RawArray>();
        CollectState(string.Empty, result);
        return result;
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into this module's parameters and buffers.
    /// Keys missing from <paramref name="state"/> and keys this module does not have are reported; with
    /// <paramref name="strict"/> (the default) either makes the call throw before anything is changed.
    /// </summary>
    /// <exception cref="ArgumentException">A shape differs (always), or keys are missing/unexpected when strict;
    /// the message names the keys.</exception>
    public LoadStateDictResult LoadStateDict(IReadOnlyDictionary<string, RawArray> state, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        var targets = new Dictionary<string, Action<RawArray>>();
        var shapes = new Dictionary<string, long[]>();
        CollectTargets(string.Empty, targets, shapes);
        var missing = targets.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        var mismatched = state.Where(kv => shapes.TryGetValue(kv.Key, out var s) && !s.SequenceEqual(kv.Value.Shape))
            .Select(kv => $"{kv.Key}: expected [{string.Join(", ", shapes[kv.Key])}], got [{string.Join(", ", kv.Value.Shape)}]")
            .ToList();
        if (mismatched.Count > 0)
        {
            throw new ArgumentException("State dict shapes do not match: " + string.Join("; ", mismatched));
        }

        if (strict && (missing.Count > 0 || unexpected.Count > 0))
        {
            throw new ArgumentException(
                $"State dict does not match {GetType().Name}. Missing keys: [{string.Join(", ", missing)}]. Unexpected keys: [{string.Join(", ", unexpected)}].");
        }

        foreach (var (key, value) in state)
        {
            if (targets.TryGetValue(key, out var assign))
            {
                assign(value);
            }
        }

        return new LoadStateDictResult(missing, unexpected);
    }

    private void CollectState(string prefix, OrderedDictionary<string, RawArray> result)
    {
        foreach (var (name, value) in _parameters)
        {
            if (value is not null)
            {
                result.Add(prefix + name, RawArray.FromSingles(value.Data, ToLong(value.Shape)));
            }
        }

        foreach (var (name, value) in _buffers)
        {
            result.Add(prefix + name, RawArray.FromSingles(value.Data, ToLong(value.Shape)));
        }

        foreach (var (name, counter) in _counters)
        {
            result.Add(prefix + name, new RawArray(DataType.Int64, [], BitConverter.GetBytes(counter.Value)));
        }

        foreach (var (name, child) in _children)
        {
            child.CollectState(prefix + name + ".", result);
        }
    }

    private void CollectTargets(string prefix, Dictionary<string, Action<RawArray>> targets, Dictionary<string, long[]> shapes)
    {
        foreach (var (name, value) in _parameters.Where(p => p.Value is not null).Select(p => (p.Name, p.Value!)).Concat(_buffers))
        {
            targets[prefix + name] = raw => raw.ToSingleArray().CopyTo(value.Data);
            shapes[prefix + name] = ToLong(value.Shape);
        }

        foreach (var (name, counter) in _counters)
        {
            targets[prefix + name] = raw => counter.Value = (long)raw.ToDoubleArray()[0];
            shapes[prefix + name] = [];
        }

        foreach (var (name, child) in _children)
        {
            child.CollectTargets(prefix + name + ".", targets, shapes);
        }
    }

    private static long[] ToLong(ReadOnlySpan<int> shape)
    {
        var result = new long[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            result[i] = shape[i];
        }

        return result;
    }
}

/// <summary>What <see cref="Module.LoadStateDict"/> found besides the keys it loaded.</summary>
/// <param name="MissingKeys">Keys the module has but the state dict lacked.</param>
/// <param name="UnexpectedKeys">Keys in the state dict that the module does not have.</param>
public sealed record LoadStateDictResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
