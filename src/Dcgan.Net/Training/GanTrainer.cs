using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Optim;

namespace Dcgan.Net.Training;

/// <summary>
/// Trains a generator against a discriminator, one <see cref="Step(Tensor)"/> at a time. Each step does what the
/// DCGAN homework does: discriminator backward on the real batch, then on a fake batch (gradients accumulated),
/// one discriminator Adam step; then a generator step against the updated discriminator.
/// </summary>
public sealed partial class GanTrainer
{
    private readonly ReplayBuffer? _replay;
    private readonly TensorArena _arena = new();
    private float _lastGeneratorLoss = float.NaN;

    /// <summary>Creates a trainer with one Adam optimiser per network.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="discriminator">The discriminator (critic).</param>
    /// <param name="options">Settings; default <see cref="GanTrainerOptions"/> (the DCGAN homework's).</param>
    /// <exception cref="ArgumentException">The networks' image shapes differ, or a setting is out of range.</exception>
    public GanTrainer(GeneratorModule generator, DiscriminatorModule discriminator, GanTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(discriminator);
        Options = options ?? new GanTrainerOptions();
        Options.Validate();
        if (generator.ImageShape != discriminator.ImageShape)
        {
            throw new ArgumentException($"The generator makes images of shape {generator.ImageShape} but the discriminator expects {discriminator.ImageShape}.");
        }

        Generator = generator;
        Discriminator = discriminator;
        Random = new TensorGenerator(Options.Seed);
        GeneratorOptimizer = new Adam(generator.Parameters(), Options.GeneratorLearningRate, Options.GeneratorBeta1, Options.GeneratorBeta2);
        DiscriminatorOptimizer = new Adam(discriminator.Parameters(), Options.DiscriminatorLearningRate, Options.DiscriminatorBeta1, Options.DiscriminatorBeta2);
        _replay = Options.ReplayBufferSize > 0 ? new ReplayBuffer(Options.ReplayBufferSize, Options.ReplayProbability) : null;
    }

    /// <summary>The generator being trained.</summary>
    public GeneratorModule Generator { get; }

    /// <summary>The discriminator being trained.</summary>
    public DiscriminatorModule Discriminator { get; }

    /// <summary>The settings.</summary>
    public GanTrainerOptions Options { get; }

    /// <summary>Adam over the generator's parameters.</summary>
    public Adam GeneratorOptimizer { get; }

    /// <summary>Adam over the discriminator's parameters.</summary>
    public Adam DiscriminatorOptimizer { get; }

    /// <summary>The trainer's random generator (noise, interpolation, instance noise, replay); saved in checkpoints.</summary>
    public TensorGenerator Random { get; }

    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; private set; }

    /// <summary>One step with noise drawn from <see cref="Random"/>.</summary>
    /// <param name="realBatch">Real images [N, C, H, W] in the generator's output range ([-1, 1]).</param>
    public GanStepResult Step(Tensor realBatch)
    {
        ArgumentNullException.ThrowIfNull(realBatch);
        return Step(realBatch, Generator.SampleNoise(Math.Max(1, realBatch.Rank > 0 ? realBatch.Size(0) : 1), Random));
    }

    /// <summary>One step with the given noise (deterministic, for tests and reproductions).</summary>
    /// <param name="realBatch">Real images [N, C, H, W].</param>
    /// <param name="noise">z, [N, LatentDim] or [N, LatentDim, 1, 1].</param>
    /// <exception cref="ArgumentException">Shapes do not fit the networks.</exception>
    /// <exception cref="TrainingDivergedException">A loss is not finite. When a discriminator loss is, no parameter was
    /// changed by this step; when the generator loss is, the discriminator has already taken its update.</exception>
    public GanStepResult Step(Tensor realBatch, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(realBatch);
        ArgumentNullException.ThrowIfNull(noise);
        var (c, h, w) = Discriminator.ImageShape;
        if (realBatch.Rank != 4 || realBatch.Size(1) != c || realBatch.Size(2) != h || realBatch.Size(3) != w)
        {
            throw new ArgumentException($"Real batch: expected shape [N, {c}, {h}, {w}], got [{string.Join(", ", realBatch.Shape.ToArray())}].", nameof(realBatch));
        }

        if (noise.Size(0) != realBatch.Size(0))
        {
            throw new ArgumentException($"Noise batch size {noise.Size(0)} differs from the real batch size {realBatch.Size(0)}.", nameof(noise));
        }

        long step = StepCount + 1;

        // Every tensor of the step lives in the arena, so steady-state steps reuse the same storage.
        using var arenaScope = _arena.Activate();
        Generator.Train();
        Discriminator.Train();
        var fake = Generator.Forward(noise);
        var (dLoss, realScore, fakeBefore) = DiscriminatorStep(realBatch, fake, step);
        bool updateG = Options.Loss != GanLossKind.WassersteinGradientPenalty || step % Options.CriticIterations == 0;
        float fakeAfter = float.NaN;
        if (updateG)
        {
            (_lastGeneratorLoss, fakeAfter) = GeneratorStep(fake);
        }

        StepCount = step;
        return new GanStepResult(step, dLoss, _lastGeneratorLoss, realScore, fakeBefore, fakeAfter, updateG);
    }

    private (float Loss, float RealScore, float FakeScore) DiscriminatorStep(Tensor real, Tensor fake, long step)
    {
        var kind = Options.Loss;
        float noiseStd = CurrentInstanceNoise(step);
        float scale = Options.HalveDiscriminatorTerms ? 0.5f : 1f;
        DiscriminatorOptimizer.ZeroGrad();
        Discriminator.RequiresGrad(true);

        var realIn = Regularizers.InstanceNoise(real, noiseStd, Random);
        bool r1 = Options.R1Gamma > 0 && step % Options.R1Interval == 0;
        if (r1)
        {
            // R1 differentiates the same forward pass the loss uses, so batch-norm statistics are updated once.
            realIn = realIn.Detach();
            realIn.RequiresGrad = true;
        }

        var realLogits = Discriminator.ForwardLogits(realIn);
        var realLoss = GanLosses.RealTerm(kind, realLogits, Options.LabelSmoothing).MulScalar(scale);
        if (r1)
        {
            // Lazy regularisation: applied every R1Interval steps with the weight scaled by the interval.
            realLoss = realLoss.Add(Regularizers.R1(realLogits, realIn, Options.R1Gamma * Options.R1Interval));
        }

        float realValue = Finite(realLoss.Item(), "discriminator loss on real images", step);
        realLoss.Backward();

        var fakeDetached = fake.Detach();
        var fakeForD = _replay is null ? fakeDetached : _replay.Mix(fakeDetached, Random);
        var fakeIn = Regularizers.InstanceNoise(fakeForD, noiseStd, Random);
        var fakeLogits = Discriminator.ForwardLogits(fakeIn);
        var fakeLoss = GanLosses.FakeTerm(kind, fakeLogits).MulScalar(scale);
        if (kind == GanLossKind.WassersteinGradientPenalty && Options.GradientPenaltyWeight > 0)
        {
            var eps = Tensor.Rand(Random, real.Size(0), 1, 1, 1);
            fakeLoss = fakeLoss.Add(Regularizers.GradientPenalty(Discriminator, realIn.Detach(), fakeIn, eps, Options.GradientPenaltyWeight));
        }

        float fakeValue = Finite(fakeLoss.Item(), "discriminator loss on generated images", step);
        fakeLoss.Backward();
        DiscriminatorOptimizer.Step();
        return (realValue + fakeValue, GanLosses.MeanProbability(realLogits), GanLosses.MeanProbability(fakeLogits));
    }

    private (float Loss, float FakeScore) GeneratorStep(Tensor fake)
    {
        GeneratorOptimizer.ZeroGrad();

        // The discriminator is frozen for the generator's update: its gradients would be discarded anyway.
        Discriminator.RequiresGrad(false);
        try
        {
            float noiseStd = CurrentInstanceNoise(StepCount + 1);
            var logits = Discriminator.ForwardLogits(Regularizers.InstanceNoise(fake, noiseStd, Random));
            var loss = GanLosses.GeneratorTerm(Options.Loss, logits);
            float value = Finite(loss.Item(), "generator loss", StepCount + 1, discriminatorUpdated: true);
            loss.Backward();
            GeneratorOptimizer.Step();
            return (value, GanLosses.MeanProbability(logits));
        }
        finally
        {
            Discriminator.RequiresGrad(true);
        }
    }

    /// <summary>Standard deviation of the instance noise at 1-based <paramref name="step"/>: linear decay to 0 over InstanceNoiseAnnealSteps.</summary>
    internal float CurrentInstanceNoise(long step)
    {
        if (Options.InstanceNoiseStd <= 0 || Options.InstanceNoiseAnnealSteps == 0)
        {
            return Options.InstanceNoiseStd;
        }

        double remaining = Math.Max(0.0, 1.0 - ((double)(step - 1) / Options.InstanceNoiseAnnealSteps));
        return (float)(Options.InstanceNoiseStd * remaining);
    }

    private static float Finite(float value, string what, long step, bool discriminatorUpdated = false)
    {
        if (!float.IsFinite(value))
        {
            string kept = discriminatorUpdated
                ? $"The discriminator was already updated at this step; the generator keeps its values from step {step - 1}"
                : $"The parameters keep their values from step {step - 1}";
            throw new TrainingDivergedException($"Training diverged at step {step}: the {what} is {value}. {kept}; checkpoints on disk are untouched.");
        }

        return value;
    }

    /// <summary>Generates images for <paramref name="noise"/> in evaluation mode without recording gradients (<see cref="GeneratorModule.Generate"/>).</summary>
    public Tensor Sample(Tensor noise) => Generator.Generate(noise);
}
