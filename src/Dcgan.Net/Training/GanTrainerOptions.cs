namespace Dcgan.Net.Training;

/// <summary>The adversarial objective.</summary>
public enum GanLossKind
{
    /// <summary>Binary cross-entropy; G maximises log D(G(z)) (the DCGAN default).</summary>
    NonSaturating,

    /// <summary>The original minimax game: G minimises log(1 - D(G(z))).</summary>
    Minimax,

    /// <summary>Least-squares GAN (targets 1 and 0, c = 1, each term halved as in the paper).</summary>
    LeastSquares,

    /// <summary>Wasserstein loss with gradient penalty on random interpolates (critic without sigmoid).</summary>
    WassersteinGradientPenalty,

    /// <summary>Hinge loss: D minimises relu(1 - D(x)) + relu(1 + D(G(z))), G minimises -D(G(z)).</summary>
    Hinge,
}

/// <summary>
/// Settings of <see cref="GanTrainer"/>. Defaults follow the DCGAN homework: non-saturating BCE, Adam with
/// learning rate 2e-4 and betas (0.5, 0.999) for both networks, no regularisers.
/// </summary>
public sealed record GanTrainerOptions
{
    /// <summary>Objective. Default <see cref="GanLossKind.NonSaturating"/>.</summary>
    public GanLossKind Loss { get; init; } = GanLossKind.NonSaturating;

    /// <summary>Sets both learning rates.</summary>
    public double LearningRate
    {
        init
        {
            GeneratorLearningRate = value;
            DiscriminatorLearningRate = value;
        }
    }

    /// <summary>Sets beta1 of both Adam optimisers.</summary>
    public double Beta1
    {
        init
        {
            GeneratorBeta1 = value;
            DiscriminatorBeta1 = value;
        }
    }

    /// <summary>Generator learning rate. Default 2e-4.</summary>
    public double GeneratorLearningRate { get; init; } = 2e-4;

    /// <summary>Discriminator learning rate. Default 2e-4.</summary>
    public double DiscriminatorLearningRate { get; init; } = 2e-4;

    /// <summary>Generator Adam beta1. Default 0.5.</summary>
    public double GeneratorBeta1 { get; init; } = 0.5;

    /// <summary>Generator Adam beta2. Default 0.999.</summary>
    public double GeneratorBeta2 { get; init; } = 0.999;

    /// <summary>Discriminator Adam beta1. Default 0.5.</summary>
    public double DiscriminatorBeta1 { get; init; } = 0.5;

    /// <summary>Discriminator Adam beta2. Default 0.999.</summary>
    public double DiscriminatorBeta2 { get; init; } = 0.999;

    /// <summary>Multiply each discriminator term (real, fake) by 1/2, as some assignment variants do. Default false.</summary>
    public bool HalveDiscriminatorTerms { get; init; }

    /// <summary>WGAN-GP penalty weight lambda. Default 10.</summary>
    public float GradientPenaltyWeight { get; init; } = 10f;

    /// <summary>Critic updates per generator update (WGAN-GP only; n_critic). Default 5.</summary>
    public int CriticIterations { get; init; } = 5;

    /// <summary>R1 penalty weight gamma (gamma/2 E||grad D(x)||²); 0 disables it. Default 0.</summary>
    public float R1Gamma { get; init; }

    /// <summary>Apply R1 every this many steps, scaled by the interval (lazy regularisation). Default 1.</summary>
    public int R1Interval { get; init; } = 1;

    /// <summary>One-sided label smoothing: the real target becomes 1 - value (BCE losses only). Default 0.</summary>
    public float LabelSmoothing { get; init; }

    /// <summary>Standard deviation of Gaussian instance noise added to every discriminator input; 0 disables. Default 0.</summary>
    public float InstanceNoiseStd { get; init; }

    /// <summary>Steps over which the instance noise decays linearly to 0; 0 keeps it constant. Default 0.</summary>
    public int InstanceNoiseAnnealSteps { get; init; }

    /// <summary>Capacity of the replay buffer of past fakes shown to the discriminator; 0 disables. Default 0.</summary>
    public int ReplayBufferSize { get; init; }

    /// <summary>Probability that a fake in the discriminator batch is swapped for a buffered one. Default 0.5.</summary>
    public float ReplayProbability { get; init; } = 0.5f;

    /// <summary>Seed of the trainer's random generator (noise, interpolation, instance noise, replay). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">Names the setting and its value.</exception>
    public void Validate()
    {
        static void Require(bool ok, string name, object value, string range)
        {
            if (!ok)
            {
                throw new ArgumentException($"{name} must be {range}, got {value}.");
            }
        }

        Require(GeneratorLearningRate > 0 && double.IsFinite(GeneratorLearningRate), nameof(GeneratorLearningRate), GeneratorLearningRate, "finite and > 0");
        Require(DiscriminatorLearningRate > 0 && double.IsFinite(DiscriminatorLearningRate), nameof(DiscriminatorLearningRate), DiscriminatorLearningRate, "finite and > 0");
        Require(GeneratorBeta1 is >= 0 and < 1 && DiscriminatorBeta1 is >= 0 and < 1, "Beta1", $"{GeneratorBeta1}/{DiscriminatorBeta1}", "in [0, 1)");
        Require(GeneratorBeta2 is >= 0 and < 1 && DiscriminatorBeta2 is >= 0 and < 1, "Beta2", $"{GeneratorBeta2}/{DiscriminatorBeta2}", "in [0, 1)");
        Require(CriticIterations >= 1, nameof(CriticIterations), CriticIterations, ">= 1");
        Require(R1Gamma >= 0 && float.IsFinite(R1Gamma), nameof(R1Gamma), R1Gamma, "finite and >= 0");
        Require(R1Interval >= 1, nameof(R1Interval), R1Interval, ">= 1");
        Require(LabelSmoothing is >= 0 and < 1, nameof(LabelSmoothing), LabelSmoothing, "in [0, 1)");
        Require(InstanceNoiseStd >= 0 && float.IsFinite(InstanceNoiseStd), nameof(InstanceNoiseStd), InstanceNoiseStd, "finite and >= 0");
        Require(InstanceNoiseAnnealSteps >= 0, nameof(InstanceNoiseAnnealSteps), InstanceNoiseAnnealSteps, ">= 0");
        Require(ReplayBufferSize >= 0, nameof(ReplayBufferSize), ReplayBufferSize, ">= 0");
        Require(ReplayProbability is >= 0 and <= 1, nameof(ReplayProbability), ReplayProbability, "in [0, 1]");
        Require(GradientPenaltyWeight >= 0 && float.IsFinite(GradientPenaltyWeight), nameof(GradientPenaltyWeight), GradientPenaltyWeight, "finite and >= 0");
    }
}
