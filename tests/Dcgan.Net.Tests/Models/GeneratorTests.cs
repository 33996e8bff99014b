using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Models;

public class GeneratorTests
{
    [Fact]
    public void Default_state_dict_keys_match_the_pytorch_reference()
    {
        var g = new Generator();

        // Keys of G in shared/reference/torch_dcgan.py (ConvTranspose2d bias=False, BatchNorm2d buffers).
        string[] expected =
        [
            "net.0.weight", "net.1.weight", "net.1.bias", "net.1.running_mean", "net.1.running_var", "net.1.num_batches_tracked",
            "net.3.weight", "net.4.weight", "net.4.bias", "net.4.running_mean", "net.4.running_var", "net.4.num_batches_tracked",
            "net.6.weight", "net.7.weight", "net.7.bias", "net.7.running_mean", "net.7.running_var", "net.7.num_batches_tracked",
            "net.9.weight",
        ];
        Assert.Equal(expected, g.StateDict().Keys);
        Assert.Equal([16L, 64, 4, 4], g.StateDict()["net.0.weight"].Shape);
        Assert.Equal([16L, 1, 4, 4], g.StateDict()["net.9.weight"].Shape);
    }

    [Theory]
    [InlineData(28, 1)]
    [InlineData(32, 3)]
    [InlineData(64, 1)]
    public void Generates_images_of_the_configured_size_in_tanh_range(int size, int channels)
    {
        var g = new Generator(new DcganOptions { ImageSize = size, Channels = channels, HiddenDim = 4, LatentDim = 5 }, new TensorGenerator(1));
        var images = g.Forward(Tensor.Randn(new TensorGenerator(2), 3, 5));
        Assert.Equal([3, channels, size, size], images.Shape.ToArray());
        Assert.All(images.ToArray(), v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void Pixel_shuffle_and_linear_first_layer_variants_produce_the_same_shape()
    {
        var options = new DcganOptions { HiddenDim = 4, Upsampling = UpsamplingKind.PixelShuffle, LinearFirstLayer = true, Normalization = NormalizationKind.Instance };
        var g = new Generator(options, new TensorGenerator(3));
        var images = g.Forward(Tensor.Randn(new TensorGenerator(4), 2, 16, 1, 1));
        Assert.Equal([2, 1, 32, 32], images.Shape.ToArray());
    }

    [Fact]
    public void Dcgan_initialisation_draws_conv_weights_with_std_002_and_norm_weights_around_one()
    {
        var g = new Generator(new DcganOptions { HiddenDim = 32 }, new TensorGenerator(5));
        var state = g.StateDict();
        var conv = state["net.3.weight"].ToSingleArray();
        double mean = conv.Average(v => (double)v);
        double std = Math.Sqrt(conv.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(std, 0.019, 0.021);
        Assert.InRange(state["net.1.weight"].ToSingleArray().Average(v => (double)v), 0.99, 1.01);
        Assert.All(state["net.1.bias"].ToSingleArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Wrong_noise_shape_names_expected_and_actual_shapes()
    {
        var g = new Generator();
        var ex = Assert.Throws<ArgumentException>(() => g.Forward(Tensor.Zeros(2, 7)));
        Assert.Contains("[N, 16]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 7]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_runs_in_eval_mode_without_a_graph_and_restores_the_mode()
    {
        var g = new Generator(latentDim: 4, hiddenDim: 4, generator: new TensorGenerator(3));
        var z = g.SampleNoise(3, new TensorGenerator(4));
        g.Eval();
        float[] expected = g.Forward(z).ToArray();
        g.Train();

        Tensor images = g.Generate(z);

        Assert.True(g.Training);
        Assert.False(images.RequiresGrad);
        Assert.Equal(expected, images.ToArray());
        Assert.NotEqual(expected, g.Forward(z).ToArray());
    }
}
