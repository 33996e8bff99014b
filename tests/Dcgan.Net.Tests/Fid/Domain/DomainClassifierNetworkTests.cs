using System.Text.Json;
using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Tensors;

namespace Dcgan.Net.Tests.Fid.Domain;

/// <summary>
/// The network against its PyTorch twin (tools/domain_classifier.py, fixture from tools/make_domain_fixtures.py):
/// state-dict keys and order, evaluation-mode features and logits, and one training-mode forward/backward with
/// cross-entropy (loss, every parameter gradient, running statistics after). Tolerance rtol 1e-4, atol 1e-5.
/// </summary>
public class DomainClassifierNetworkTests
{
    [Fact]
    public void State_dict_keys_and_order_equal_torch()
    {
        string[] torchKeys = JsonSerializer.Deserialize<string[]>(DomainFixtures.TorchFile.Metadata["keys"])!;
        Assert.Equal(torchKeys, new DomainClassifierNetwork(4, 8, 10).StateDict().Keys.ToArray());
    }

    [Fact]
    public void Evaluation_mode_features_and_logits_match_torch()
    {
        var network = DomainFixtures.TorchNetwork();
        network.Eval();
        var x = DomainFixtures.Tensor("eval32/x");
        TensorAssert.Close(DomainFixtures.Tensor("eval32/features"), network.Features(x), TensorAssert.Default, "features");
        TensorAssert.Close(DomainFixtures.Tensor("eval32/logits"), network.Forward(x), TensorAssert.Default, "logits");
    }

    [Fact]
    public void Training_mode_loss_gradients_and_running_statistics_match_torch()
    {
        var network = DomainFixtures.TorchNetwork();
        var loss = Functional.CrossEntropy(network.Forward(DomainFixtures.Tensor("train/x")), DomainFixtures.Ints("train/target"));
        TensorAssert.Close(DomainFixtures.Tensor("train/loss"), loss, TensorAssert.Default, "loss");
        loss.Backward();
        foreach (var (name, parameter) in network.NamedParameters())
        {
            TensorAssert.Close(DomainFixtures.Tensor($"grad/{name}"), parameter.Grad!, TensorAssert.Default, $"gradient of {name}");
        }

        var state = network.StateDict();
        foreach (string key in DomainFixtures.TorchFile.Tensors.Keys.Where(k => k.StartsWith("after/", StringComparison.Ordinal)))
        {
            var expected = DomainFixtures.TorchFile.Tensors[key].ToDoubleArray();
            var actual = state[key[6..]].ToDoubleArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + (1e-4 * Math.Abs(expected[i])), $"{key}[{i}]: {actual[i]} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void Input_that_is_not_one_channel_32x32_is_rejected_with_its_shape()
    {
        var network = new DomainClassifierNetwork(2, 4, 3);
        var ex = Assert.Throws<ArgumentException>(() => network.Features(Tensor.Zeros(2, 1, 28, 28)));
        Assert.Contains("[2, 1, 28, 28]", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => network.Forward(Tensor.Zeros(2, 3, 32, 32)));
    }

    [Fact]
    public void Sizes_below_their_minimum_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DomainClassifierNetwork(width: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DomainClassifierNetwork(featureDimensions: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DomainClassifierNetwork(classCount: 1));
    }
}
