using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public partial class GanTrainerTests
{
    private static (Generator G, Discriminator D) SmallNets(DcganOptions? options = null)
    {
        options ??= new DcganOptions { HiddenDim = 4, LatentDim = 8 };
        return (new Generator(options, new TensorGenerator(1)), new Discriminator(options, new TensorGenerator(2)));
    }

    private static Tensor RealBatch(int n, ulong seed) => Tensor.Rand(new TensorGenerator(seed), n, 1, 32, 32).MulScalar(2f).AddScalar(-1f);

    [Fact]
    public void Step_reports_finite_losses_and_probabilities()
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d);
        var r = trainer.Step(RealBatch(6, 3));
        Assert.Equal(1, r.Step);
        Assert.True(float.IsFinite(r.DiscriminatorLoss) && float.IsFinite(r.GeneratorLoss));
        Assert.InRange(r.RealScore, 0f, 1f);
        Assert.InRange(r.FakeScoreBeforeUpdate, 0f, 1f);
        Assert.InRange(r.FakeScoreAfterUpdate, 0f, 1f);
        Assert.True(r.GeneratorUpdated);
    }

    [Fact]
    public void Same_seed_and_data_give_the_same_trajectory()
    {
        float[] Run()
        {
            var (g, d) = SmallNets();
            var trainer = new GanTrainer(g, d, new GanTrainerOptions { Seed = 7 });
            return Enumerable.Range(0, 3).Select(i => trainer.Step(RealBatch(4, (ulong)i)).GeneratorLoss).ToArray();
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Discriminator_loss_is_the_sum_of_the_bce_terms_computed_from_its_outputs()
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d);
        var r = trainer.Step(RealBatch(5, 3), Tensor.Randn(new TensorGenerator(9), 5, 8));

        // -log D(x) and -log(1 - D(G(z))) averaged: bounded below by the values at the reported mean scores (Jensen).
        double lower = -Math.Log(r.RealScore) - Math.Log(1 - r.FakeScoreBeforeUpdate);
        Assert.True(r.DiscriminatorLoss >= lower - 1e-4, $"{r.DiscriminatorLoss} < {lower}");
    }

    [Theory]
    [InlineData(GanLossKind.Minimax)]
    [InlineData(GanLossKind.LeastSquares)]
    [InlineData(GanLossKind.Hinge)]
    public void Other_losses_train_without_error(GanLossKind kind)
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d, new GanTrainerOptions { Loss = kind, LabelSmoothing = 0.1f, InstanceNoiseStd = 0.1f, InstanceNoiseAnnealSteps = 10, ReplayBufferSize = 8 });
        for (int i = 0; i < 3; i++)
        {
            var r = trainer.Step(RealBatch(4, (ulong)i));
            Assert.True(float.IsFinite(r.DiscriminatorLoss));
        }
    }

    [Fact]
    public void Wgan_gp_updates_the_generator_every_n_critic_steps()
    {
        var options = new DcganOptions { HiddenDim = 4, LatentDim = 8, Normalization = NormalizationKind.None, Output = DiscriminatorOutput.Logits };
        var (g, d) = SmallNets(options);
        var trainer = new GanTrainer(g, d, new GanTrainerOptions { Loss = GanLossKind.WassersteinGradientPenalty, CriticIterations = 2 });
        var updates = Enumerable.Range(0, 4).Select(i => trainer.Step(RealBatch(3, (ulong)i)).GeneratorUpdated).ToArray();
        Assert.Equal([false, true, false, true], updates);
    }

    [Fact]
    public void Non_finite_data_stops_training_and_leaves_the_parameters_unchanged()
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d);
        var before = d.StateDict()["net.0.weight"].ToSingleArray();
        var bad = RealBatch(3, 1);
        bad[0, 0, 0, 0] = float.NaN;
        Assert.Throws<TrainingDivergedException>(() => trainer.Step(bad));
        Assert.Equal(before, d.StateDict()["net.0.weight"].ToSingleArray());
    }
}
