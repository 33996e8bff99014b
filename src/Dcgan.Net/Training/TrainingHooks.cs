using Dcgan.Net.Data;
using Dcgan.Net.Logging;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Training;

/// <summary>
/// Callbacks that run every N steps during <see cref="GanTrainer.Train"/>: the homework's five curves, sample grids
/// of fixed noise, checkpoints, or any action of your own. Hooks run in the order they were added.
/// </summary>
public sealed class TrainingHooks
{
    private readonly List<(int Every, Action<GanTrainer, GanStepResult> Action)> _hooks = [];

    /// <summary>Runs <paramref name="action"/> after every step whose number is a multiple of <paramref name="every"/>.</summary>
    /// <returns>This object, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is below 1.</exception>
    public TrainingHooks Every(int every, Action<GanTrainer, GanStepResult> action)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        ArgumentNullException.ThrowIfNull(action);
        _hooks.Add((every, action));
        return this;
    }

    /// <summary>Logs the five curves (<see cref="TrainingLog.LogStep"/>) of every <paramref name="every"/>-th step.</summary>
    /// <param name="logger">TensorBoard, CSV, JSON lines or a <see cref="CompositeLogger"/> of them.</param>
    /// <param name="every">Interval in steps, at least 1.</param>
    /// <returns>This object, for chaining.</returns>
    public TrainingHooks LogCurves(IScalarLogger logger, int every)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return Every(every, (_, r) => TrainingLog.LogStep(logger, r));
    }

    /// <summary>Writes a grid of G(<paramref name="fixedNoise"/>) every <paramref name="every"/> steps (PNG file and image logger).</summary>
    /// <param name="writer">Where the grids go.</param>
    /// <param name="fixedNoise">z, [N, LatentDim, 1, 1], the same at every call so the grids show progress.</param>
    /// <param name="every">Interval in steps, at least 1.</param>
    /// <returns>This object, for chaining.</returns>
    public TrainingHooks SaveSampleGrids(SampleGridWriter writer, Tensor fixedNoise, int every)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fixedNoise);
        return Every(every, (t, r) => writer.Write(t.Generator, fixedNoise, r.Step));
    }

    /// <summary>Saves a checkpoint every <paramref name="every"/> steps, with the fixed noise and the loader's position when given.</summary>
    /// <param name="directory">The checkpoint folder.</param>
    /// <param name="every">Interval in steps, at least 1.</param>
    /// <param name="fixedNoise">Noise of the progress grids, stored so a resumed run draws the same grids; or null.</param>
    /// <param name="loader">The loader the batches come from, so a resumed run sees the same batches; or null.</param>
    /// <returns>This object, for chaining.</returns>
    public TrainingHooks SaveCheckpoints(CheckpointDirectory directory, int every, Tensor? fixedNoise = null, DataLoader? loader = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Every(every, (t, _) =>
        {
            if (loader is null)
            {
                directory.Save(t, fixedNoise);
            }
            else
            {
                directory.Save(t, fixedNoise, loader);
            }
        });
    }

    internal void Run(GanTrainer trainer, GanStepResult result)
    {
        foreach (var (every, action) in _hooks)
        {
            if (result.Step % every == 0)
            {
                action(trainer, result);
            }
        }
    }
}
