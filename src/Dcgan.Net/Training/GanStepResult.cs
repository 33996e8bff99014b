namespace Dcgan.Net.Training;

/// <summary>
/// What one <see cref="GanTrainer.Step(Dcgan.Net.Tensors.Tensor)"/> measured: the five curves of the homework.
/// Losses are averaged over the batch; scores are mean sigmoid(D logits), i.e. probabilities.
/// </summary>
/// <param name="Step">1-based index of the step.</param>
/// <param name="DiscriminatorLoss">Real term + fake term (+ penalties).</param>
/// <param name="GeneratorLoss">Generator loss of the last generator update (NaN before the first).</param>
/// <param name="RealScore">D(x): mean score on the real batch.</param>
/// <param name="FakeScoreBeforeUpdate">D(G(z)) before the discriminator update.</param>
/// <param name="FakeScoreAfterUpdate">D(G(z)) after the discriminator update (seen by the generator step).</param>
/// <param name="GeneratorUpdated">False on WGAN-GP critic-only steps.</param>
public readonly record struct GanStepResult(
    long Step,
    float DiscriminatorLoss,
    float GeneratorLoss,
    float RealScore,
    float FakeScoreBeforeUpdate,
    float FakeScoreAfterUpdate,
    bool GeneratorUpdated);

/// <summary>Thrown when a loss stops being finite; the parameters keep the values of the last good step.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
