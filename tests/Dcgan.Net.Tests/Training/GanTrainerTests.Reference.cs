using System.Globalization;
using System.Text.Json;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Tensors;
using Dcgan.Net.Tests.Tensors.Nn;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

/// <summary>
/// <see cref="GanTrainer.Step(Tensor, Tensor)"/> itself against PyTorch: the step of shared/reference/torch_dcgan.py
/// (dcgan_*.safetensors from tools/make_engine_fixtures.py) and every loss and regulariser case of
/// gan_steps.safetensors (tools/make_training_fixtures.py). Tolerance: the rtol 1e-4 / atol 1e-5.
/// </summary>
public partial class GanTrainerTests
{
    private static readonly FixtureFile s_steps = FixtureFile.Load("Training", "gan_steps.safetensors");

    public static TheoryData<string> ReferenceCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in JsonDocument.Parse(s_steps.Metadata["cases"]).RootElement.EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void Step_of_the_default_dcgan_matches_the_pytorch_reference_step()
    {
        var init = FixtureFile.Load("dcgan_init.safetensors");
        var g = new Generator();
        var d = new Discriminator();
        g.LoadStateDict(init.WithPrefix("G."));
        d.LoadStateDict(init.WithPrefix("D."));
        Assert.Equal("0.0002", init.Metadata["lr"]);
        Assert.Equal("0.5", init.Metadata["beta1"]);
        var trainer = new GanTrainer(g, d);

        var r = trainer.Step(DcganReferenceTests.RealBatch(0), DcganReferenceTests.Noise(0));

        var step = FixtureFile.Load("dcgan_step.safetensors");
        float[] expected =
        [
            step.Tensor("loss_real").Item() + step.Tensor("loss_fake").Item(), step.Tensor("loss_gen").Item(),
            step.Tensor("out_real").Mean().Item(), step.Tensor("out_fake").Mean().Item(), step.Tensor("out_gen").Mean().Item(),
        ];
        TensorAssert.Close(expected, Curves(r), TensorAssert.Default, "the five curves");

        // The discriminator's gradients after the step are the sum over the real and the fake half (the generator
        // step leaves them alone because the discriminator is frozen for it).
        foreach (var (name, p) in d.NamedParameters())
        {
            TensorAssert.Close(step.Tensor($"grad/D.{name}"), p.Grad!, TensorAssert.Default, $"gradient of D.{name}");
        }

        foreach (var (name, p) in g.NamedParameters())
        {
            TensorAssert.Close(step.Tensor($"grad/G.{name}"), p.Grad!, TensorAssert.Default, $"gradient of G.{name}");
        }

        AssertState(FixtureFile.Load("dcgan_after.safetensors"), "", g, d);
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Steps_match_pytorch_for_each_loss_and_regulariser(string name)
    {
        var meta = JsonDocument.Parse(s_steps.Metadata["cases"]).RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        string loss = meta.GetProperty("loss").GetString()!;
        var o = meta.GetProperty("options");
        double Option(string key, double fallback) => o.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        double Beta(string key, int i, double fallback) => o.TryGetProperty(key, out var v) ? v[i].GetDouble() : fallback;
        var kind = loss switch
        {
            "nonsaturating" => GanLossKind.NonSaturating,
            "minimax" => GanLossKind.Minimax,
            "lsgan" => GanLossKind.LeastSquares,
            "hinge" => GanLossKind.Hinge,
            "wgan" => GanLossKind.WassersteinGradientPenalty,
            _ => throw new InvalidOperationException(loss),
        };

        // Losses with unbounded scores run on a logits discriminator; the trainer still reports sigmoid(logits).
        var model = new DcganOptions
        {
            LatentDim = Meta("latent"),
            HiddenDim = Meta("hidden"),
            Output = kind is GanLossKind.Hinge or GanLossKind.WassersteinGradientPenalty ? DiscriminatorOutput.Logits : DiscriminatorOutput.Sigmoid,
        };
        var g = new Generator(model);
        var d = new Discriminator(model);
        g.LoadStateDict(s_steps.WithPrefix("G."));
        d.LoadStateDict(s_steps.WithPrefix("D."));
        var trainer = new GanTrainer(g, d, new GanTrainerOptions
        {
            Loss = kind,
            GeneratorLearningRate = Option("g_lr", 2e-4),
            GeneratorBeta1 = Beta("g_betas", 0, 0.5),
            GeneratorBeta2 = Beta("g_betas", 1, 0.999),
            DiscriminatorLearningRate = Option("d_lr", 2e-4),
            DiscriminatorBeta1 = Beta("d_betas", 0, 0.5),
            DiscriminatorBeta2 = Beta("d_betas", 1, 0.999),
            LabelSmoothing = (float)Option("label_smoothing", 0),
            HalveDiscriminatorTerms = o.TryGetProperty("halve", out var halve) && halve.GetBoolean(),
            R1Gamma = (float)Option("r1_gamma", 0),
            R1Interval = (int)Option("r1_interval", 1),
            GradientPenaltyWeight = 0f,
            CriticIterations = 1,
        });

        int steps = Meta("steps");
        var real = s_steps.Tensor("real");   // [S, N, 1, 32, 32]
        var noise = s_steps.Tensor("noise"); // [S, N, latent, 1, 1]
        var curves = new List<float>();
        for (int s = 0; s < steps; s++)
        {
            curves.AddRange(Curves(trainer.Step(real.Narrow(0, s, 1).Squeeze(0), noise.Narrow(0, s, 1).Squeeze(0))));
        }

        TensorAssert.Close(s_steps.Tensor($"{name}/curves").ToArray(), curves.ToArray(), TensorAssert.Default, $"{name}: the five curves of {steps} steps");
        AssertState(s_steps, $"{name}/", g, d);
    }

    private static float[] Curves(GanStepResult r) =>
        [r.DiscriminatorLoss, r.GeneratorLoss, r.RealScore, r.FakeScoreBeforeUpdate, r.FakeScoreAfterUpdate];

    private static void AssertState(FixtureFile expected, string prefix, Generator g, Discriminator d)
    {
        var state = g.StateDict().Select(kv => ("G." + kv.Key, kv.Value)).Concat(d.StateDict().Select(kv => ("D." + kv.Key, kv.Value)));
        foreach (var (key, value) in state)
        {
            TensorAssert.Close(expected.Raw(prefix + key).ToSingleArray(), value.ToSingleArray(), TensorAssert.Default, $"{prefix}{key} after the steps");
        }
    }

    private static int Meta(string key) => int.Parse(s_steps.Metadata[key], CultureInfo.InvariantCulture);
}
