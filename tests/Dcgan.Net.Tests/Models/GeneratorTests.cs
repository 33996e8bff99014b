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

    private static Dictionary<string, long[]> Shapes(Generator g) => g.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape);

    [Fact]
    public void Size_28_uses_7_14_28_feature_maps()
    {
        var g = new Generator(new DcganOptions { ImageSize = 28 }, new TensorGenerator(1));
        var shapes = Shapes(g);
        Assert.Equal([16L, 32, 7, 7], shapes["net.0.weight"]);  // z -> 2h x 7 x 7
        Assert.Equal([32L, 16, 4, 4], shapes["net.3.weight"]);  // -> h x 14 x 14
        Assert.Equal([16L, 1, 4, 4], shapes["net.6.weight"]);   // -> 1 x 28 x 28
        Assert.Equal(3, shapes.Count(kv => kv.Value.Length == 4));
        Assert.Equal([2, 1, 28, 28], g.Forward(Tensor.Randn(new TensorGenerator(2), 2, 16)).Shape.ToArray());
    }

    [Fact]
    public void Size_64_adds_a_stage_with_8h_maps_first()
    {
        var shapes = Shapes(new Generator(new DcganOptions { ImageSize = 64, HiddenDim = 4 }, new TensorGenerator(1)));
        Assert.Equal([16L, 32, 4, 4], shapes["net.0.weight"]);
        Assert.Equal([4L, 1, 4, 4], shapes["net.12.weight"]);
    }

    [Fact]
    public void Extra_layers_add_3x3_blocks_at_the_last_resolution()
    {
        var g = new Generator(new DcganOptions { HiddenDim = 4, ExtraLayers = 2 }, new TensorGenerator(1));
        var shapes = Shapes(g);
        Assert.Equal([4L, 4, 3, 3], shapes["net.9.weight"]);
        Assert.Equal([4L, 4, 3, 3], shapes["net.12.weight"]);
        Assert.Equal([4L, 1, 4, 4], shapes["net.15.weight"]);
        Assert.Equal([2, 1, 32, 32], g.Forward(Tensor.Randn(new TensorGenerator(2), 2, 16)).Shape.ToArray());
    }

    [Theory]
    [InlineData(NormalizationKind.Batch)]
    [InlineData(NormalizationKind.Instance)]
    [InlineData(NormalizationKind.None)]
    public void Convolutions_carry_a_bias_only_where_no_norm_follows(NormalizationKind norm)
    {
        var shapes = Shapes(new Generator(new DcganOptions { HiddenDim = 4, Normalization = norm }, new TensorGenerator(1)));
        var convs = shapes.Where(kv => kv.Value.Length == 4).Select(kv => kv.Key[..^".weight".Length]).ToArray();
        Assert.Equal(4, convs.Length);
        foreach (var conv in convs[..^1])
        {
            Assert.Equal(norm == NormalizationKind.None, shapes.ContainsKey(conv + ".bias"));
        }

        Assert.False(shapes.ContainsKey(convs[^1] + ".bias"), "the output layer has no bias, as in the reference");
        Assert.Equal(norm == NormalizationKind.Batch, shapes.ContainsKey("net.1.running_mean"));
        Assert.Equal(norm != NormalizationKind.None, shapes.ContainsKey("net.1.weight"));
    }

    [Fact]
    public void Leaky_relu_in_the_generator_uses_the_slope_and_slope_zero_is_relu()
    {
        var z = Tensor.Randn(new TensorGenerator(2), 3, 16);
        float[] Run(DcganOptions o) => new Generator(o, new TensorGenerator(1)).Forward(z).ToArray();
        var relu = Run(new DcganOptions { HiddenDim = 4 });
        Assert.Equal(relu, Run(new DcganOptions { HiddenDim = 4, GeneratorLeakyRelu = true, LeakySlope = 0f }));
        Assert.NotEqual(relu, Run(new DcganOptions { HiddenDim = 4, GeneratorLeakyRelu = true, LeakySlope = 0.2f }));
    }

    [Fact]
    public void Pixel_shuffle_upsampling_uses_3x3_convolutions_to_four_times_the_channels()
    {
        var shapes = Shapes(new Generator(new DcganOptions { HiddenDim = 4, Upsampling = UpsamplingKind.PixelShuffle }, new TensorGenerator(1)));
        Assert.Equal([32L, 16, 3, 3], shapes["net.3.weight"]); // 4h -> 4 * 2h, then PixelShuffle(2)
        Assert.Equal([16L, 8, 3, 3], shapes["net.7.weight"]);  // 2h -> 4 * h
        Assert.Equal([4L, 4, 3, 3], shapes["net.11.weight"]);  // h -> 4 * 1
    }

    [Fact]
    public void Linear_first_layer_maps_z_to_the_first_feature_map()
    {
        var g = new Generator(new DcganOptions { HiddenDim = 4, LinearFirstLayer = true }, new TensorGenerator(1));
        var shapes = Shapes(g);
        Assert.Equal([16L * 4 * 4, 16], shapes["net.0.weight"]);
        Assert.False(shapes.ContainsKey("net.0.bias"), "no bias before batch norm");
        var w = g.StateDict()["net.0.weight"].ToSingleArray();
        double std = Math.Sqrt(w.Average(v => (double)v * v));
        Assert.InRange(std, 0.018, 0.022);
        Assert.Equal([2, 1, 32, 32], g.Forward(Tensor.Randn(new TensorGenerator(2), 2, 16, 1, 1)).Shape.ToArray());
    }

    [Fact]
    public void Bad_options_are_rejected_with_their_values()
    {
        Assert.Contains("48", Assert.Throws<ArgumentException>(() => new Generator(new DcganOptions { ImageSize = 48 })).Message, StringComparison.Ordinal);
        Assert.Contains("2", Assert.Throws<ArgumentException>(() => new Generator(new DcganOptions { Channels = 2 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Generator(new DcganOptions { LatentDim = 0 }));
    }
}
