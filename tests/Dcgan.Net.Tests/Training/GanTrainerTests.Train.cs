using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

/// <summary><see cref="GanTrainer.Train"/> (progress, cancellation, hooks, end of data) and the trainer's settings.</summary>
public partial class GanTrainerTests
{
    private static IEnumerable<Tensor> Endless(int n)
    {
        for (ulong i = 0; ; i++)
        {
            yield return RealBatch(n, i);
        }
    }

    [Fact]
    public void Train_reports_progress_after_every_step_and_runs_hooks_at_their_multiples()
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d);
        var reports = new List<TrainingProgress>();
        var hookSteps = new List<long>();
        var results = trainer.Train(Endless(3), 5, new TrainingHooks().Every(2, (_, r) => hookSteps.Add(r.Step)), new SynchronousProgress(reports.Add));

        Assert.Equal([1L, 2, 3, 4, 5], results.Select(r => r.Step));
        Assert.Equal([1L, 2, 3, 4, 5], reports.Select(p => p.Step));
        Assert.All(reports, p => Assert.Equal(5, p.TotalSteps));
        Assert.All(reports, p => Assert.True(p.StepsPerSecond > 0 && p.Remaining >= TimeSpan.Zero));
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
        Assert.Equal([2L, 4], hookSteps);

        // A second call continues to the new total.
        Assert.Equal([6L, 7], trainer.Train(Endless(3), 7).Select(r => r.Step));
    }

    [Fact]
    public void Cancelling_stops_after_the_current_step_and_keeps_the_steps_taken()
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d);
        using var cts = new CancellationTokenSource();
        var hooks = new TrainingHooks().Every(2, (_, _) => cts.Cancel());
        Assert.Throws<OperationCanceledException>(() => trainer.Train(Endless(3), 10, hooks, cancellationToken: cts.Token));
        Assert.Equal(2, trainer.StepCount);
    }

    [Fact]
    public void Train_says_when_the_batches_run_out()
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d);
        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Train(Endless(3).Take(2), 4));
        Assert.Contains("step 2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, trainer.StepCount);
    }

    [Fact]
    public void Step_with_given_noise_is_deterministic_and_leaves_the_trainer_random_alone()
    {
        var (g1, d1) = SmallNets();
        var (g2, d2) = SmallNets();
        var a = new GanTrainer(g1, d1, new GanTrainerOptions { Seed = 1 });
        var b = new GanTrainer(g2, d2, new GanTrainerOptions { Seed = 2 });
        var noise = Tensor.Randn(new TensorGenerator(9), 4, 8);
        Assert.Equal(a.Step(RealBatch(4, 1), noise), b.Step(RealBatch(4, 1), noise));
        Assert.Equal(new TensorGenerator(1).GetState(), a.Random.GetState());
    }

    [Fact]
    public void Shared_and_separate_adam_settings_reach_the_optimisers()
    {
        var (g, d) = SmallNets();
        var shared = new GanTrainer(g, d, new GanTrainerOptions { LearningRate = 1e-3, Beta1 = 0.3 });
        Assert.Equal((1e-3, 0.3, 0.999), (shared.GeneratorOptimizer.LearningRate, shared.GeneratorOptimizer.Beta1, shared.GeneratorOptimizer.Beta2));
        Assert.Equal((1e-3, 0.3, 0.999), (shared.DiscriminatorOptimizer.LearningRate, shared.DiscriminatorOptimizer.Beta1, shared.DiscriminatorOptimizer.Beta2));

        var split = new GanTrainer(g, d, new GanTrainerOptions
        {
            GeneratorLearningRate = 1e-4, GeneratorBeta1 = 0.1, GeneratorBeta2 = 0.9,
            DiscriminatorLearningRate = 4e-4, DiscriminatorBeta1 = 0.0, DiscriminatorBeta2 = 0.99,
        });
        Assert.Equal((1e-4, 0.1, 0.9), (split.GeneratorOptimizer.LearningRate, split.GeneratorOptimizer.Beta1, split.GeneratorOptimizer.Beta2));
        Assert.Equal((4e-4, 0.0, 0.99), (split.DiscriminatorOptimizer.LearningRate, split.DiscriminatorOptimizer.Beta1, split.DiscriminatorOptimizer.Beta2));
    }

    [Theory]
    [InlineData(0, new[] { 0.4f, 0.4f, 0.4f, 0.4f })]
    [InlineData(4, new[] { 0.4f, 0.3f, 0.2f, 0.1f, 0f, 0f })]
    public void Instance_noise_decays_linearly_to_zero_over_the_anneal_steps(int annealSteps, float[] expected)
    {
        var (g, d) = SmallNets();
        var trainer = new GanTrainer(g, d, new GanTrainerOptions { InstanceNoiseStd = 0.4f, InstanceNoiseAnnealSteps = annealSteps });
        var actual = Enumerable.Range(1, expected.Length).Select(s => trainer.CurrentInstanceNoise(s)).ToArray();
        Assert.Equal(expected, actual, (x, y) => Math.Abs(x - y) < 1e-6f);
    }

    [Fact]
    public void Instance_noise_reaches_the_discriminator_until_it_has_decayed()
    {
        GanStepResult[] Run(float std)
        {
            var (g, d) = SmallNets();
            var trainer = new GanTrainer(g, d, new GanTrainerOptions { InstanceNoiseStd = std, InstanceNoiseAnnealSteps = 1 });
            return [.. Enumerable.Range(0, 2).Select(i => trainer.Step(RealBatch(4, (ulong)i), Tensor.Randn(new TensorGenerator((ulong)i + 20), 4, 8)))];
        }

        var clean = Run(0f);
        var noisy = Run(1f);
        Assert.NotEqual(clean[0].RealScore, noisy[0].RealScore);
        Assert.True(float.IsFinite(noisy[1].DiscriminatorLoss));
    }

    [Fact]
    public void Scores_are_probabilities_for_a_logits_discriminator()
    {
        var (g, d) = SmallNets(new DcganOptions { HiddenDim = 4, LatentDim = 8, Output = DiscriminatorOutput.Logits });
        var real = RealBatch(4, 1);
        d.Train();
        var expectedLogits = new Discriminator(d.Options, new TensorGenerator(2)).ForwardLogits(real).ToArray();
        var r = new GanTrainer(g, d, new GanTrainerOptions { Loss = GanLossKind.Hinge }).Step(real, Tensor.Randn(new TensorGenerator(3), 4, 8));
        Assert.Equal(expectedLogits.Average(v => 1.0 / (1.0 + Math.Exp(-v))), r.RealScore, 1e-5);
        Assert.InRange(r.FakeScoreBeforeUpdate, 0f, 1f);
        Assert.InRange(r.FakeScoreAfterUpdate, 0f, 1f);
    }

    [Fact]
    public void A_non_finite_generator_loss_says_the_discriminator_was_already_updated()
    {
        var (g, d) = SmallNets();
        var poisoned = new PoisonedDiscriminator(d, poisonCall: 3);
        var trainer = new GanTrainer(g, poisoned);
        var before = g.StateDict()["net.0.weight"].ToSingleArray();
        var ex = Assert.Throws<TrainingDivergedException>(() => trainer.Step(RealBatch(4, 1)));
        Assert.Contains("generator loss", ex.Message, StringComparison.Ordinal);
        Assert.Contains("discriminator was already updated", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, g.StateDict()["net.0.weight"].ToSingleArray());
        Assert.Equal(0, trainer.StepCount);
    }

    [Fact]
    public void Mismatched_networks_and_bad_settings_are_rejected_with_the_values()
    {
        var (g, _) = SmallNets();
        var d28 = new Discriminator(new DcganOptions { HiddenDim = 4, ImageSize = 28 });
        var ex = Assert.Throws<ArgumentException>(() => new GanTrainer(g, d28));
        Assert.Contains("(1, 28, 28)", ex.Message, StringComparison.Ordinal);
        var (g2, d2) = SmallNets();
        var bad = Assert.Throws<ArgumentException>(() => new GanTrainer(g2, d2, new GanTrainerOptions { R1Interval = 0 }));
        Assert.Contains("R1Interval", bad.Message, StringComparison.Ordinal);
        var trainer = new GanTrainer(g2, d2);
        var shape = Assert.Throws<ArgumentException>(() => trainer.Step(Tensor.Zeros(2, 1, 28, 28)));
        Assert.Contains("[2, 1, 28, 28]", shape.Message, StringComparison.Ordinal);
    }

    /// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>Wraps a discriminator and returns NaN logits from its n-th forward pass (the generator step's is the 3rd).</summary>
    private sealed class PoisonedDiscriminator : DiscriminatorModule
    {
        private readonly Discriminator _inner;
        private readonly int _poisonCall;
        private int _calls;

        public PoisonedDiscriminator(Discriminator inner, int poisonCall)
        {
            _inner = RegisterModule("inner", inner);
            _poisonCall = poisonCall;
        }

        public override bool OutputsProbabilities => _inner.OutputsProbabilities;

        public override (int Channels, int Height, int Width) ImageShape => _inner.ImageShape;

        public override Tensor ForwardLogits(Tensor images)
        {
            var logits = _inner.ForwardLogits(images);
            return ++_calls == _poisonCall ? logits.AddScalar(float.NaN) : logits;
        }

        public override Tensor Forward(Tensor input) => ForwardLogits(input);
    }
}
