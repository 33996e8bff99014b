using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Tensors.Nn;

/// <summary>
/// Module behaviour that PyTorch cannot give bit-for-bit references for (its random streams differ from ours):
/// dropout masks, initialisation ranges, training flags and counters.
/// </summary>
public class ModuleBehaviourTests
{
    [Fact]
    public void Dropout_drops_about_p_scales_the_rest_and_routes_the_gradient_through_the_mask()
    {
        var x = Tensor.Ones(4000);
        x.RequiresGrad = true;
        var dropout = new Dropout(0.25f, new TensorGenerator(3));

        var y = dropout.Forward(x);
        y.Sum().Backward();

        float[] values = y.ToArray();
        float kept = 1f / 0.75f;
        Assert.All(values, v => Assert.True(v == 0f || v == kept, $"unexpected value {v}"));
        Assert.InRange(values.Count(v => v == 0f) / 4000.0, 0.22, 0.28);
        Assert.Equal(values, x.Grad!.ToArray());
        Assert.Equal(values, new Dropout(0.25f, new TensorGenerator(3)).Forward(Tensor.Ones(4000)).ToArray());
    }

    [Fact]
    public void Dropout_is_the_identity_in_evaluation_and_at_p_0_and_zero_at_p_1()
    {
        var x = Tensor.FromArray([1f, -2f, 3f], 3);
        var dropout = new Dropout(0.5f, new TensorGenerator(1));
        dropout.Eval();

        Assert.Same(x, dropout.Forward(x));
        Assert.Same(x, Functional.Dropout(x, 0f, training: true, new TensorGenerator(1)));
        Assert.All(Functional.Dropout(x, 1f, training: true, new TensorGenerator(1)).ToArray(), v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.Dropout(x, 1.5f, training: true, new TensorGenerator(1)));
    }

    [Fact]
    public void Default_initialisation_is_uniform_within_one_over_sqrt_fan_in()
    {
        var linear = new Linear(50, 40, generator: new TensorGenerator(7));
        var convT = new ConvTranspose2d(6, 4, 3, generator: new TensorGenerator(8));

        AssertUniformWithin(linear.Weight, 1f / MathF.Sqrt(50));
        AssertUniformWithin(linear.Bias!, 1f / MathF.Sqrt(50));

        // PyTorch computes a transposed convolution's fan-in from size(1) = out channels: 4 * 3 * 3.
        Assert.Equal(36, Init.FanIn(convT.Weight));
        AssertUniformWithin(convT.Weight, 1f / 6f);

        var conv = new Conv2d(3, 64, 4, generator: new TensorGenerator(10));
        Assert.Equal(48, Init.FanIn(conv.Weight));
        AssertUniformWithin(conv.Weight, 1f / MathF.Sqrt(48));
        AssertUniformWithin(conv.Bias!, 1f / MathF.Sqrt(48));

        // Kaiming-uniform with a = sqrt(5) is U(-b, b), b = 1/sqrt(fan-in): variance b^2 / 3.
        float bound = 1f / MathF.Sqrt(48);
        Assert.InRange(conv.Weight.Var([0, 1, 2, 3]).Item(), 0.9f * bound * bound / 3, 1.1f * bound * bound / 3);
    }

    [Fact]
    public void Normal_initialisation_has_the_requested_moments()
    {
        var t = Tensor.Zeros(20000);

        Init.Normal(t, 1f, 0.02f, new TensorGenerator(9));

        Assert.InRange(t.Mean().Item(), 1f - 0.001f, 1f + 0.001f);
        Assert.InRange(MathF.Sqrt(t.Var([0]).Item()), 0.019f, 0.021f);
    }

    [Fact]
    public void Train_and_eval_reach_every_descendant_and_batch_norm_counts_training_batches()
    {
        var bn = new BatchNorm2d(2);
        var model = new Sequential(new Sequential(bn), new ReLU());
        var x = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => (float)i).ToArray(), 2, 2, 2, 2);

        model.Forward(x);
        model.Eval();
        model.Forward(x);

        Assert.False(bn.Training);
        Assert.Equal(1, bn.NumBatchesTracked);
        var counter = model.StateDict()["0.0.num_batches_tracked"];
        Assert.Equal(DataType.Int64, counter.DataType);
        Assert.Equal(1.0, counter.ToDoubleArray()[0]);
        model.Train();
        Assert.True(bn.Training);
    }

    [Fact]
    public void ZeroGrad_zeroes_every_parameter_gradient_in_place_or_drops_it_when_asked()
    {
        var model = new Sequential(new Linear(3, 2, generator: new TensorGenerator(1)), new Tanh(), new Linear(2, 1, generator: new TensorGenerator(2)));
        model.Forward(Tensor.Ones(4, 3)).Sum().Backward();
        Assert.All(model.Parameters(), p => Assert.NotNull(p.Grad));
        var buffers = model.Parameters().Select(p => p.Grad!).ToList();

        model.ZeroGrad();

        // PyTorch 1.13's default (set_to_none=False): the same buffers, now zero.
        Assert.Equal(buffers, model.Parameters().Select(p => p.Grad!));
        Assert.All(model.Parameters(), p => Assert.All(p.Grad!.ToArray(), v => Assert.Equal(0f, v)));

        model.ZeroGrad(setToNone: true);
        Assert.All(model.Parameters(), p => Assert.Null(p.Grad));
    }

    private static void AssertUniformWithin(Tensor t, float bound)
    {
        float[] v = t.ToArray();
        Assert.All(v, x => Assert.InRange(x, -bound, bound));
        Assert.True(v.Max() > 0.8f * bound && v.Min() < -0.8f * bound, $"values do not spread over ±{bound}");
    }
}
