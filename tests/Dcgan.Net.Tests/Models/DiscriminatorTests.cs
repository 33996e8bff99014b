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
}
