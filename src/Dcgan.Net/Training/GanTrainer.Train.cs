using System.Diagnostics;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Training;

/// <summary>Progress of <see cref="GanTrainer.Train"/>, reported after every step.</summary>
/// <param name="Step">Steps done so far (including those before a resume).</param>
/// <param name="TotalSteps">Step count at which training stops.</param>
/// <param name="StepsPerSecond">Rate over this call's steps.</param>
/// <param name="Remaining">Estimated time to <paramref name="TotalSteps"/> at that rate.</param>
/// <param name="Last">The step's measurements.</param>
public readonly record struct TrainingProgress(long Step, long TotalSteps, double StepsPerSecond, TimeSpan Remaining, GanStepResult Last);

public sealed partial class GanTrainer
{
    /// <summary>
    /// Trains until <see cref="StepCount"/> reaches <paramref name="totalSteps"/>, taking one real batch per step from
    /// <paramref name="batches"/> (which must not run out), running <paramref name="hooks"/> and reporting progress.
    /// Calling it again after loading a checkpoint continues where that run stopped.
    /// </summary>
    /// <returns>The results of the steps taken by this call.</returns>
    /// <exception cref="OperationCanceledException">Cancelled; the steps completed so far are kept.</exception>
    /// <exception cref="InvalidOperationException">The batch sequence ended early.</exception>
    /// <exception cref="TrainingDivergedException">A loss stopped being finite.</exception>
    public IReadOnlyList<GanStepResult> Train(
        IEnumerable<Tensor> batches,
        long totalSteps,
        TrainingHooks? hooks = null,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var results = new List<GanStepResult>();
        var clock = Stopwatch.StartNew();
        long first = StepCount;
        using var source = batches.GetEnumerator();
        while (StepCount < totalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!source.MoveNext())
            {
                throw new InvalidOperationException($"The batch sequence ended at step {StepCount}; training needs batches up to step {totalSteps}.");
            }

            var result = Step(source.Current);
            results.Add(result);
            hooks?.Run(this, result);
            if (progress is not null)
            {
                double rate = (StepCount - first) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                var remaining = TimeSpan.FromSeconds((totalSteps - StepCount) / Math.Max(1e-9, rate));
                progress.Report(new TrainingProgress(StepCount, totalSteps, rate, remaining, result));
            }
        }

        return results;
    }
}
