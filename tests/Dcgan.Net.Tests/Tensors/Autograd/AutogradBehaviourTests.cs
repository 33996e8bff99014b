using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Autograd;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Tests.Tensors.Autograd;

/// <summary>The tape's contract: accumulation, no-grad scopes, frozen parameters, detach, torch.autograd.grad semantics.</summary>
public class AutogradBehaviourTests
{
    [Fact]
    public void Backward_adds_into_existing_gradients()
    {
        var x = Leaf([1f, -2f, 3f]);

        x.Mul(x).Sum().Backward();
        x.MulScalar(3f).Sum().Backward();

        Assert.Equal([5f, -1f, 9f], x.Grad!.ToArray());
    }

    [Fact]
    public void A_tensor_used_twice_gets_the_sum_of_both_paths()
    {
        var x = Leaf([2f, 3f]);

        (x.Exp() + x.MulScalar(4f)).Sum().Backward();

        Assert.Equal([MathF.Exp(2f) + 4f, MathF.Exp(3f) + 4f], x.Grad!.ToArray());
    }

    [Fact]
    public void No_grad_scope_records_nothing_and_restores_the_mode()
    {
        var x = Leaf([1f]);
        using (GradMode.NoGrad())
        {
            Assert.False(x.MulScalar(2f).RequiresGrad);
            using (GradMode.Set(true))
            {
                Assert.True(x.MulScalar(2f).RequiresGrad);
            }

            Assert.False(GradMode.IsEnabled);
        }

        Assert.True(GradMode.IsEnabled);
        Assert.True(x.MulScalar(2f).RequiresGrad);
    }

    [Fact]
    public void Frozen_module_parameters_get_no_gradient_while_the_input_does()
    {
        var layer = new Linear(3, 2, generator: new TensorGenerator(5));
        layer.RequiresGrad(false);
        var x = Leaf([1f, 2f, 3f]);

        layer.Forward(x.Reshape(1, 3)).Sum().Backward();

        Assert.All(layer.Parameters(), p => Assert.Null(p.Grad));
        Assert.NotNull(x.Grad);
    }

    [Fact]
    public void Detach_stops_the_gradient()
    {
        var x = Leaf([1f, 2f]);

        (x.Detach().Mul(x)).Sum().Backward();

        Assert.Equal([1f, 2f], x.Grad!.ToArray());
    }

    [Fact]
    public void ComputeGradients_leaves_Grad_alone_and_gives_zeros_for_unused_inputs()
    {
        var x = Leaf([1f, 2f]);
        var unused = Leaf([7f]);

        var grads = Tensor.ComputeGradients([x.Mul(x).Sum()], [x, unused]);

        Assert.Equal([2f, 4f], grads[0].ToArray());
        Assert.Equal([0f], grads[1].ToArray());
        Assert.Null(x.Grad);
        Assert.Null(unused.Grad);
    }

    [Fact]
    public void RequiresGrad_cannot_be_set_on_a_result_and_backward_needs_a_gradient_for_non_scalars()
    {
        var y = Leaf([1f, 2f]).MulScalar(2f);

        Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Throws<InvalidOperationException>(() => Tensor.Ones(2).Sum().Backward());
    }

    [Fact]
    public void Double_backward_through_probability_bce_is_refused_clearly()
    {
        var p = Leaf([0.2f, 0.7f]);

        var loss = Functional.BinaryCrossEntropy(p, Tensor.FromArray([0f, 1f], 2));

        var e = Assert.Throws<NotSupportedException>(() => Tensor.ComputeGradients([loss], [p], createGraph: true));
        Assert.Contains("BinaryCrossEntropy", e.Message, StringComparison.Ordinal);
    }

    private static Tensor Leaf(float[] values)
    {
        var t = Tensor.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return t;
    }
}
