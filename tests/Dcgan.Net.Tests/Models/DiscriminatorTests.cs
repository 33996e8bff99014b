using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Models;

public class DiscriminatorTests
{
    [Fact]
    public void Default_state_dict_keys_match_the_pytorch_reference()
    {
        var d = new Discriminator();
        string[] expected =
        [
            "net.0.weight",
            "net.2.weight", "net.3.weight", "net.3.bias", "net.3.running_mean", "net.3.running_var", "net.3.num_batches_tracked",
            "net.5.weight", "net.6.weight", "net.6.bias", "net.6.running_mean", "net.6.running_var", "net.6.num_batches_tracked",
            "net.8.weight",
        ];
        Assert.Equal(expected, d.StateDict().Keys);
    }

    [Fact]
    public void Sigmoid_output_is_the_sigmoid_of_the_logits()
    {
        var d = new Discriminator(new DcganOptions { HiddenDim = 4 }, new TensorGenerator(1));
        d.Eval();
        var x = Tensor.Rand(new TensorGenerator(2), 3, 1, 32, 32);
        var logits = d.ForwardLogits(x).ToArray();
        var probs = d.Forward(x).ToArray();
        Assert.Equal(3, probs.Length);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(1.0 / (1.0 + Math.Exp(-logits[i])), probs[i], 1e-6);
        }
    }

    [Theory]
    [InlineData(28)]
    [InlineData(64)]
    public void Accepts_other_image_sizes_and_a_linear_last_layer(int size)
    {
        var d = new Discriminator(new DcganOptions { ImageSize = size, HiddenDim = 4, LinearLastLayer = true, Normalization = NormalizationKind.None, Output = DiscriminatorOutput.Logits }, new TensorGenerator(1));
        var scores = d.Forward(Tensor.Rand(new TensorGenerator(2), 2, 1, size, size));
        Assert.Equal([2], scores.Shape.ToArray());
        Assert.False(d.OutputsProbabilities);
    }

    [Fact]
    public void Wrong_image_shape_is_rejected_with_both_shapes()
    {
        var d = new Discriminator();
        var ex = Assert.Throws<ArgumentException>(() => d.Forward(Tensor.Zeros(2, 3, 32, 32)));
        Assert.Contains("[N, 1, 32, 32]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 3, 32, 32]", ex.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, long[]> Shapes(Discriminator d) => d.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape);

    [Fact]
    public void Default_shapes_mirror_the_generator()
    {
        var shapes = Shapes(new Discriminator());
        Assert.Equal([16L, 1, 4, 4], shapes["net.0.weight"]);
        Assert.Equal([32L, 16, 4, 4], shapes["net.2.weight"]);
        Assert.Equal([64L, 32, 4, 4], shapes["net.5.weight"]);
        Assert.Equal([1L, 64, 4, 4], shapes["net.8.weight"]);
    }

    [Fact]
    public void Size_28_ends_with_a_7x7_convolution_and_64_with_a_fourth_stage()
    {
        var d28 = Shapes(new Discriminator(new DcganOptions { ImageSize = 28, HiddenDim = 4 }, new TensorGenerator(1)));
        Assert.Equal([1L, 8, 7, 7], d28["net.5.weight"]);
        var d64 = Shapes(new Discriminator(new DcganOptions { ImageSize = 64, HiddenDim = 4 }, new TensorGenerator(1)));
        Assert.Equal([1L, 32, 4, 4], d64["net.11.weight"]);
    }

    [Fact]
    public void Colour_images_depth_and_no_norm_change_the_layers_as_asked()
    {
        var d = new Discriminator(new DcganOptions { Channels = 3, HiddenDim = 4, ExtraLayers = 1, Normalization = NormalizationKind.None }, new TensorGenerator(1));
        var shapes = Shapes(d);
        Assert.Equal([4L, 3, 4, 4], shapes["net.0.weight"]);
        Assert.Equal([8L], shapes["net.2.bias"]);            // no norm follows: the convolution has a bias
        Assert.Equal([16L, 16, 3, 3], shapes["net.6.weight"]); // the extra block
        Assert.DoesNotContain(shapes.Keys, k => k.Contains("running", StringComparison.Ordinal));
        Assert.Equal([5], d.Forward(Tensor.Rand(new TensorGenerator(2), 5, 3, 32, 32)).Shape.ToArray());
    }

    [Fact]
    public void Relu_discriminator_equals_leaky_relu_with_slope_zero_and_differs_from_slope_02()
    {
        var x = Tensor.Rand(new TensorGenerator(2), 4, 1, 32, 32).MulScalar(2f).AddScalar(-1f);
        float[] Run(DcganOptions o) => new Discriminator(o, new TensorGenerator(1)).ForwardLogits(x).ToArray();
        var relu = Run(new DcganOptions { HiddenDim = 4, DiscriminatorRelu = true });
        Assert.Equal(relu, Run(new DcganOptions { HiddenDim = 4, LeakySlope = 0f }));
        Assert.NotEqual(relu, Run(new DcganOptions { HiddenDim = 4 }));
    }

    [Fact]
    public void Linear_last_layer_has_one_output_and_a_bias()
    {
        var shapes = Shapes(new Discriminator(new DcganOptions { HiddenDim = 4, LinearLastLayer = true }, new TensorGenerator(1)));
        Assert.Equal([1L, 16 * 4 * 4], shapes["net.9.weight"]);
        Assert.Equal([1L], shapes["net.9.bias"]);
    }

    [Fact]
    public void Dcgan_initialisation_of_convolutions_and_batch_norm()
    {
        var state = new Discriminator(new DcganOptions { HiddenDim = 32 }, new TensorGenerator(3)).StateDict();
        var conv = state["net.5.weight"].ToSingleArray();
        Assert.InRange(Math.Sqrt(conv.Average(v => (double)v * v)), 0.019, 0.021);
        var bn = state["net.6.weight"].ToSingleArray();
        Assert.InRange(bn.Average(v => (double)v), 0.99, 1.01);
        Assert.InRange(Math.Sqrt(bn.Average(v => (v - 1.0) * (v - 1.0))), 0.012, 0.028);
        Assert.All(state["net.6.bias"].ToSingleArray(), v => Assert.Equal(0f, v));
    }
}
