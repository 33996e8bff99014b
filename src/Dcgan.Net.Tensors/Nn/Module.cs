namespace Dcgan.Net.Tensors.Nn;

/// <summary>
/// Base class of layers and models, after <c>torch.nn.Module</c>: named parameters, buffers and child modules,
/// a training flag, and state dicts whose keys follow PyTorch's dotted names (<c>net.0.weight</c>).
/// </summary>
public abstract partial class Module
{
    private readonly List<(string Name, Tensor? Value)> _parameters = [];
    private readonly List<(string Name, Tensor Value)> _buffers = [];
    private readonly List<(string Name, LongBuffer Value)> _counters = [];
    private readonly List<(string Name, Module Value)> _children = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Computes the module's output.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Sets training mode on this module and every descendant; returns this module.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children)
        {
            child.Train(training);
        }

        return this;
    }

    /// <summary>Sets evaluation mode (<c>Train(false)</c>); returns this module.</summary>
    public Module Eval() => Train(false);

    /// <summary>Direct children with their names.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children.Select(c => (c.Name, c.Value));

    /// <summary>All parameters of this module and its descendants, with dotted names, in registration order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, value) in _parameters)
        {
            if (value is not null)
            {
                yield return (prefix + name, value);
            }
        }

        foreach (var (name, child) in _children)
        {
            foreach (var p in child.NamedParameters(prefix + name + "."))
            {
                yield return p;
            }
        }
    }

    /// <summary>All parameters of this module and its descendants.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>All float buffers (e.g. running statistics) with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, value) in _buffers)
        {
            yield return (prefix + name, value);
        }

        foreach (var (name, child) in _children)
        {
            foreach (var b in child.NamedBuffers(prefix + name + "."))
            {
                yield return b;
            }
        }
    }

    /// <summary>Sets <see cref="Tensor.RequiresGrad"/> on every parameter (freezing or unfreezing the module).</summary>
    public void RequiresGrad(bool requiresGrad)
    {
        foreach (var p in Parameters())
        {
            p.RequiresGrad = requiresGrad;
        }
    }

    /// <summary>Clears the gradients of every parameter (zeroed in place unless <paramref name="setToNone"/>).</summary>
    public void ZeroGrad(bool setToNone = false)
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad(setToNone);
        }
    }

    /// <summary>Registers a parameter (a leaf tensor that requires grad), or an absent one when null.</summary>
    protected Tensor? RegisterParameter(string name, Tensor? parameter)
    {
        CheckName(name);
        if (parameter is not null)
        {
            parameter.RequiresGrad = true;
        }

        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a float buffer: state that is saved but not trained.</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        CheckName(name);
        _buffers.Add((name, buffer));
        return buffer;
    }

    /// <summary>Registers an integer counter saved as an int64 scalar (e.g. <c>num_batches_tracked</c>).</summary>
    protected LongBuffer RegisterCounter(string name, LongBuffer counter)
    {
        CheckName(name);
        _counters.Add((name, counter));
        return counter;
    }

    /// <summary>Registers a child module; its state appears under <c>name.</c>.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        CheckName(name);
        _children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid member name '{name}': it must be non-empty and contain no '.'.", nameof(name));
        }

        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _counters.Any(c => c.Name == name) || _children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"A member named '{name}' is already registered on {GetType().Name}.", nameof(name));
        }
    }
}

/// <summary>A mutable 64-bit integer held by a module and saved in its state dict.</summary>
public sealed class LongBuffer
{
    /// <summary>The value.</summary>
    public long Value { get; set; }
}
