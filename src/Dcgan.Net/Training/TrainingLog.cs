using Dcgan.Net.Logging;

namespace Dcgan.Net.Training;

/// <summary>Writes the homework's five training curves to any scalar logger (TensorBoard, CSV, JSON lines).</summary>
public static class TrainingLog
{
    /// <summary>Tag of the discriminator loss curve.</summary>
    public const string DiscriminatorLossTag = "loss/discriminator";

    /// <summary>Tag of the generator loss curve.</summary>
    public const string GeneratorLossTag = "loss/generator";

    /// <summary>Tag of D(x).</summary>
    public const string RealScoreTag = "score/D(x)";

    /// <summary>Tag of D(G(z)) before the discriminator update.</summary>
    public const string FakeBeforeTag = "score/D(G(z))_before_D_update";

    /// <summary>Tag of D(G(z)) after the discriminator update.</summary>
    public const string FakeAfterTag = "score/D(G(z))_after_D_update";

    /// <summary>Logs the five values of <paramref name="result"/> at its step (NaN values, e.g. on critic-only steps, are skipped).</summary>
    public static void LogStep(IScalarLogger logger, GanStepResult result)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Log(logger, DiscriminatorLossTag, result.DiscriminatorLoss, result.Step);
        Log(logger, GeneratorLossTag, result.GeneratorLoss, result.Step);
        Log(logger, RealScoreTag, result.RealScore, result.Step);
        Log(logger, FakeBeforeTag, result.FakeScoreBeforeUpdate, result.Step);
        Log(logger, FakeAfterTag, result.FakeScoreAfterUpdate, result.Step);
    }

    private static void Log(IScalarLogger logger, string tag, float value, long step)
    {
        if (!float.IsNaN(value))
        {
            logger.LogScalar(tag, value, step);
        }
    }
}
