using Dcgan.Net.Tensors.Autograd;

namespace Dcgan.Net.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Computes the gradient of this tensor with respect to every leaf that requires grad and adds it into
    /// the leaves' <see cref="Grad"/> (gradients accumulate across calls until cleared).
    /// </summary>
    /// <param name="gradient">Gradient of some scalar with respect to this tensor (same shape). Default: 1 for a
    /// one-element tensor.</param>
    /// <param name="createGraph">Record the backward pass itself, so the resulting gradients can be differentiated
    /// again (gradient penalties).</param>
    /// <exception cref="InvalidOperationException">This tensor does not require grad, or it has more than one
    /// element and no <paramref name="gradient"/> was given.</exception>
    public void Backward(Tensor? gradient = null, bool createGraph = false)
    {
        if (!RequiresGrad)
        {
            throw new InvalidOperationException("Backward() called on a tensor that does not require grad.");
        }

        gradient ??= Count == 1
            ? Ones(_shape)
            : throw new InvalidOperationException($"Backward() without a gradient needs a one-element tensor; shape is {ShapeUtil.Format(_shape)}.");
        ShapeUtil.Expect(gradient.Shape, _shape, "Backward gradient");
        BackwardEngine.Run([this], [gradient], createGraph, targets: null);
    }

    /// <summary>
    /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (as <c>torch.autograd.grad</c>),
    /// without touching any <see cref="Grad"/>. With <paramref name="createGraph"/> the results are differentiable.
    /// </summary>
    /// <param name="outputs">Tensors to differentiate.</param>
    /// <param name="inputs">Tensors to differentiate with respect to.</param>
    /// <param name="gradOutputs">Gradients of the outputs; null entries (or a null array) mean ones.</param>
    /// <param name="createGraph">Record the computation of the gradients.</param>
    /// <returns>One gradient per input; zeros where an input does not influence the outputs.</returns>
    public static Tensor[] ComputeGradients(Tensor[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs = null, bool createGraph = false)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(inputs);
        var seeds = new Tensor[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            if (!outputs[i].RequiresGrad)
            {
                throw new InvalidOperationException($"Output {i} does not require grad.");
            }

            seeds[i] = gradOutputs?[i] ?? OnesLike(outputs[i]);
        }

        var grads = BackwardEngine.Run(outputs, seeds, createGraph, inputs)!;
        var result = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            result[i] = grads[i] ?? ZerosLike(inputs[i]);
        }

        return result;
    }
}
