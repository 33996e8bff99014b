namespace Dcgan.Net.Tensors.Autograd;

/// <summary>
/// A recorded operation: it keeps what its backward formula needs and maps the gradient of its output to
/// gradients of its inputs. Backward formulas are written with tensor operations, so when the backward pass
/// runs with graph recording on (create-graph mode) they are themselves differentiable.
/// </summary>
internal abstract class Node
{
    protected Node(params Tensor?[] inputs)
    {
        Inputs = inputs;
    }

    /// <summary>The inputs, in the order <see cref="Backward"/> returns their gradients.</summary>
    public Tensor?[] Inputs { get; }

    /// <summary>Short name for error messages.</summary>
    public virtual string Name => GetType().Name.Replace("Node", string.Empty, StringComparison.Ordinal);

    /// <summary>Whether <see cref="Backward"/> may itself be recorded (second derivatives).</summary>
    public virtual bool SupportsDoubleBackward => true;

    /// <summary>Gradients with respect to each input (null where an input needs none).</summary>
    public abstract Tensor?[] Backward(Tensor gradOutput);

    /// <summary>True when recording is on and <paramref name="a"/> requires grad.</summary>
    public static bool ShouldRecord(Tensor a) => GradMode.IsEnabled && a.RequiresGrad;

    /// <summary>True when recording is on and any input requires grad.</summary>
    public static bool ShouldRecord(Tensor a, Tensor? b) => GradMode.IsEnabled && (a.RequiresGrad || (b?.RequiresGrad ?? false));

    /// <summary>True when recording is on and any input requires grad.</summary>
    public static bool ShouldRecord(Tensor a, Tensor? b, Tensor? c) =>
        GradMode.IsEnabled && (a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false));

    /// <summary>True when input <paramref name="i"/> needs a gradient.</summary>
    protected bool Needs(int i) => Inputs[i] is { RequiresGrad: true };
}
