using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Tensors;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

/// <summary>
/// The WGAN-GP penalty on interpolates against PyTorch (gradient_penalty.safetensors from
/// tools/make_training_fixtures.py), through a batch-normalised discriminator in training mode and through one
/// without norm: the penalty and its gradients with respect to every parameter (second derivatives). Tolerance:
/// the rtol 1e-4 / atol 1e-5.
/// </summary>
public class RegularizersTests
{
    private static readonly FixtureFile s_fixture = FixtureFile.Load("Training", "gradient_penalty.safetensors");

    [Theory]
    [InlineData("batchnorm", NormalizationKind.Batch)]
    [InlineData("plain", NormalizationKind.None)]
    public void Gradient_penalty_and_its_parameter_gradients_match_torch(string name, NormalizationKind norm)
    {
        var d = new Discriminator(new DcganOptions { HiddenDim = 4, Normalization = norm, Output = DiscriminatorOutput.Logits });
        d.LoadStateDict(s_fixture.WithPrefix($"{name}/D."));
        d.Train();

        var penalty = Regularizers.GradientPenalty(d, s_fixture.Tensor($"{name}/real"), s_fixture.Tensor($"{name}/fake"), s_fixture.Tensor($"{name}/eps"), 10f);
        penalty.Backward();

        TensorAssert.Close(s_fixture.Tensor($"{name}/penalty"), penalty, TensorAssert.Default, $"{name} penalty");
        foreach (var (key, p) in d.NamedParameters())
        {
            // Biases do not reach the input gradient through piecewise-linear activations: no graph path here (null),
            // an explicit zero in PyTorch.
            TensorAssert.Close(s_fixture.Tensor($"{name}/grad/{key}"), p.Grad ?? Tensor.ZerosLike(p), TensorAssert.Default, $"{name} gradient of {key}");
        }
    }

    [Fact]
    public void Penalty_is_zero_when_the_critic_gradient_has_unit_norm_everywhere()
    {
        // A linear critic sum(x) / sqrt(P) has gradient norm exactly 1 at every interpolate.
        var d = new LinearCritic(1f / MathF.Sqrt(2 * 3 * 3));
        var real = Tensor.Randn(new TensorGenerator(1), 4, 2, 3, 3);
        var fake = Tensor.Randn(new TensorGenerator(2), 4, 2, 3, 3);
        var eps = Tensor.Rand(new TensorGenerator(3), 4, 1, 1, 1);
        Assert.Equal(0f, Regularizers.GradientPenalty(d, real, fake, eps, 10f).Item(), 1e-6f);

        // With slope a the norm is |a| sqrt(P), so the penalty is lambda (|a| sqrt(P) - 1)^2 whatever eps is.
        var steep = new LinearCritic(0.5f);
        float expected = 10f * MathF.Pow((0.5f * MathF.Sqrt(18)) - 1f, 2);
        Assert.Equal(expected, Regularizers.GradientPenalty(steep, real, fake, eps, 10f).Item(), 1e-4f);
    }

    [Fact]
    public void R1_is_half_gamma_times_the_mean_squared_input_gradient()
    {
        // R1 of the linear critic a * sum(x): the input gradient is a everywhere, so R1 = gamma/2 * a^2 * P.
        var d = new LinearCritic(0.3f);
        var x = Tensor.Randn(new TensorGenerator(4), 5, 2, 3, 3);
        x.RequiresGrad = true;
        float r1 = Regularizers.R1(d.ForwardLogits(x), x, 4f).Item();
        Assert.Equal(2f * 0.09f * 18f, r1, 1e-4f);
    }

    [Fact]
    public void Instance_noise_has_the_requested_spread_and_is_skipped_at_zero()
    {
        var images = Tensor.Zeros(64, 1, 16, 16);
        Assert.Same(images, Regularizers.InstanceNoise(images, 0f, new TensorGenerator(5)));
        var noisy = Regularizers.InstanceNoise(images, 0.3f, new TensorGenerator(5)).ToArray();
        double mean = noisy.Average(v => (double)v);
        double std = Math.Sqrt(noisy.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.29, 0.31);
    }

    /// <summary>A critic whose score is slope * sum(x): gradients known in closed form.</summary>
    private sealed class LinearCritic(float slope) : DiscriminatorModule
    {
        public override bool OutputsProbabilities => false;

        public override (int Channels, int Height, int Width) ImageShape => (2, 3, 3);

        public override Tensor ForwardLogits(Tensor images) => images.Reshape(images.Size(0), -1).Sum([1]).MulScalar(slope);

        public override Tensor Forward(Tensor input) => ForwardLogits(input);
    }
}
