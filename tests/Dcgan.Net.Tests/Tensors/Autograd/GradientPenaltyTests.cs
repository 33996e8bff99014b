using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Tests.Tensors.Autograd;

/// <summary>
/// WGAN-GP and R1 penalties on a small critic (conv, leaky ReLU, conv-transpose, tanh, sigmoid, flatten,
/// linear) against PyTorch (penalty.safetensors): the input gradient taken with createGraph, the penalty, and
/// the gradients of BCE-with-logits + 10 * penalty with respect to every parameter and the input.
/// </summary>
[Trait("Category", "Simd")]
public class GradientPenaltyTests
{
    private static readonly FixtureFile s_fixture = FixtureFile.Load("penalty.safetensors");

    [Theory]
    [InlineData("gp")]
    [InlineData("r1")]
    public void Penalty_and_its_gradients_match_torch(string kind)
    {
        var critic = new Sequential(
            new Conv2d(2, 4, 3, 2, 1, generator: new TensorGenerator(1)), new LeakyReLU(0.2f),
            new ConvTranspose2d(4, 3, 4, 2, 1, generator: new TensorGenerator(2)), new Tanh(),
            new Conv2d(3, 2, 3, 1, 0, generator: new TensorGenerator(3)), new Sigmoid(), new Flatten(),
            new Linear(48, 1, generator: new TensorGenerator(4)));
        critic.LoadStateDict(s_fixture.WithPrefix("c."));
        var x = s_fixture.Tensor("x");
        x.RequiresGrad = true;

        var output = critic.Forward(x);                                                    // [N, 1]
        var gx = Tensor.ComputeGradients([output.Sum()], [x], createGraph: true)[0];       // [N, C, H, W]
        var penalty = kind == "gp"
            ? gx.Flatten(1).Pow(2f).Sum([1]).Sqrt().AddScalar(-1f).Pow(2f).Mean()
            : gx.Mul(gx).Sum([1, 2, 3]).Mean();
        var loss = Functional.BinaryCrossEntropyWithLogits(output, Tensor.OnesLike(output)) + (10f * penalty);
        loss.Backward();

        TensorAssert.Close(s_fixture.Tensor($"{kind}/out"), output, TensorAssert.Default, "critic output");
        TensorAssert.Close(s_fixture.Tensor($"{kind}/gx"), gx, TensorAssert.Default, "input gradient");
        TensorAssert.Close(s_fixture.Tensor($"{kind}/penalty"), penalty, TensorAssert.Default, "penalty");
        TensorAssert.Close(s_fixture.Tensor($"{kind}/loss"), loss, TensorAssert.Default, "loss");
        TensorAssert.Close(s_fixture.Tensor($"{kind}/grad/x"), x.Grad!, TensorAssert.Default, "gradient of the input");
        foreach (var (name, p) in critic.NamedParameters())
        {
            TensorAssert.Close(s_fixture.Tensor($"{kind}/grad/{name}"), p.Grad!, TensorAssert.Default, $"gradient of {name}");
        }
    }
}
