using System.Text.Json;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Autograd;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Tests.Tensors.Nn;

/// <summary>
/// One model that uses every nn module (modules.safetensors): PyTorch's weights loaded by state-dict key,
/// forward and backward in training mode, running statistics, and the evaluation-mode output.
/// </summary>
[Trait("Category", "Simd")]
public class ModuleFixtureTests
{
    private static readonly FixtureFile s_fixture = FixtureFile.Load("modules.safetensors");

    [Fact]
    public void State_dict_keys_follow_torch_order()
    {
        using var doc = JsonDocument.Parse(s_fixture.Metadata["keys"]);
        var torchKeys = doc.RootElement.EnumerateArray().Select(k => k.GetString()!).ToArray();

        Assert.Equal(torchKeys, Build().StateDict().Keys.ToArray());
    }

    [Fact]
    public void Training_forward_and_backward_match_torch()
    {
        var model = Build();
        var x = s_fixture.Tensor("x");
        x.RequiresGrad = true;

        var output = model.Forward(x);
        output.Backward(s_fixture.Tensor("gout"));

        TensorAssert.Close(s_fixture.Tensor("out"), output, TensorAssert.Default, "output");
        TensorAssert.Close(s_fixture.Tensor("grad/x"), x.Grad!, TensorAssert.Default, "input gradient");
        foreach (var (name, p) in model.NamedParameters())
        {
            TensorAssert.Close(s_fixture.Tensor($"grad/{name}"), p.Grad!, TensorAssert.Default, $"gradient of {name}");
        }

        var state = model.StateDict();
        foreach (string key in s_fixture.WithPrefix("after/").Keys)
        {
            Assert.Equal(s_fixture.Raw($"after/{key}").ToDoubleArray(), state[key].ToDoubleArray(), (a, b) => Math.Abs(a - b) <= 1e-6 + (1e-5 * Math.Abs(a)));
        }
    }

    [Fact]
    public void Evaluation_forward_uses_running_statistics_like_torch()
    {
        var model = Build();
        var x = s_fixture.Tensor("x");
        model.Forward(x);
        model.Eval();

        using var noGrad = GradMode.NoGrad();
        var output = model.Forward(x);

        Assert.False(output.RequiresGrad);
        TensorAssert.Close(s_fixture.Tensor("out_eval"), output, TensorAssert.Default, "evaluation output");
    }

    private static Sequential Build()
    {
        var generator = new TensorGenerator(1);
        var model = new Sequential(
            new Conv2d(3, 6, 3, 1, 1, generator: generator), new BatchNorm2d(6), new LeakyReLU(0.2f),
            new ConvTranspose2d(6, 8, 3, 2, 1, outputPadding: 1, generator: generator), new InstanceNorm2d(8, affine: true), new ReLU(),
            new PixelShuffle(2), new Conv2d(2, 3, 4, 4, 0, generator: generator), new Flatten(), new Linear(45, 10, generator: generator),
            new LayerNorm([10]), new Tanh(), new Unflatten(1, [2, 5]), new Sigmoid());
        var result = model.LoadStateDict(s_fixture.WithPrefix("m."));
        Assert.Empty(result.MissingKeys);
        Assert.Empty(result.UnexpectedKeys);
        return model;
    }
}
