using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Models;

public class MlpDiscriminatorTests
{
    [Fact]
    public void Hidden_sizes_set_the_layers_and_forward_gives_one_score_per_image()
    {
        var d = new MlpDiscriminator(hiddenSizes: [20, 10], channels: 1, imageSize: 32, generator: new TensorGenerator(1));
        var shapes = d.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape);
        Assert.Equal([20L, 1024], shapes["net.1.weight"]);
        Assert.Equal([10L, 20], shapes["net.3.weight"]);
        Assert.Equal([1L, 10], shapes["net.5.weight"]);
        var x = Tensor.Rand(new TensorGenerator(2), 3, 1, 32, 32);
        Assert.True(d.OutputsProbabilities);
        Assert.Equal(d.ForwardLogits(x).Sigmoid().ToArray(), d.Forward(x).ToArray());
        Assert.Equal([3], d.Forward(x).Shape.ToArray());
    }

    [Fact]
    public void Logits_output_returns_raw_scores()
    {
        var d = new MlpDiscriminator(hiddenSizes: [8], output: DiscriminatorOutput.Logits, generator: new TensorGenerator(1));
        var x = Tensor.Rand(new TensorGenerator(2), 2, 1, 32, 32);
        Assert.False(d.OutputsProbabilities);
        Assert.Equal(d.ForwardLogits(x).ToArray(), d.Forward(x).ToArray());
    }

    [Fact]
    public void Bad_sizes_and_shapes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new MlpDiscriminator(hiddenSizes: [-1]));
        var ex = Assert.Throws<ArgumentException>(() => new MlpDiscriminator().Forward(Tensor.Zeros(2, 1, 28, 28)));
        Assert.Contains("[2, 1, 28, 28]", ex.Message, StringComparison.Ordinal);
    }
}
