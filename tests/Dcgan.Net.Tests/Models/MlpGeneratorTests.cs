using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Models;

public class MlpGeneratorTests
{
    [Fact]
    public void Hidden_sizes_set_the_layers_and_the_output_is_an_image_in_tanh_range()
    {
        var g = new MlpGenerator(latentDim: 10, hiddenSizes: [32, 64, 48], channels: 3, imageSize: 28, generator: new TensorGenerator(1));
        var shapes = g.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape);
        Assert.Equal([32L, 10], shapes["net.0.weight"]);
        Assert.Equal([64L, 32], shapes["net.2.weight"]);
        Assert.Equal([48L, 64], shapes["net.4.weight"]);
        Assert.Equal([3L * 28 * 28, 48], shapes["net.6.weight"]);
        var images = g.Forward(Tensor.Randn(new TensorGenerator(2), 4, 10, 1, 1));
        Assert.Equal([4, 3, 28, 28], images.Shape.ToArray());
        Assert.All(images.ToArray(), v => Assert.InRange(v, -1f, 1f));
        Assert.Equal((3, 28, 28), g.ImageShape);
    }

    [Fact]
    public void Defaults_are_two_hidden_layers_of_256_and_512()
    {
        var shapes = new MlpGenerator().StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Shape);
        Assert.Equal([256L, 16], shapes["net.0.weight"]);
        Assert.Equal([512L, 256], shapes["net.2.weight"]);
        Assert.Equal([1024L, 512], shapes["net.4.weight"]);
    }

    [Fact]
    public void Bad_sizes_are_rejected_with_their_values()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MlpGenerator(hiddenSizes: [8, 0]));
        Assert.Contains("[8, 0]", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MlpGenerator(channels: 0));
        Assert.Throws<ArgumentException>(() => new MlpGenerator().Forward(Tensor.Zeros(2, 5)));
    }
}
