namespace Dcgan.Net.Logging;

/// <summary>Settings of a <see cref="TensorBoardWriter"/>. Every property has a default that suits training.</summary>
public sealed class TensorBoardWriterOptions
{
    /// <summary>
    /// Clock for event wall times, event-file name stamps and the default run-directory name.
    /// Default <see cref="TimeProvider.System"/>; tests pass a fixed clock to get reproducible files.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Appended to every event-file name (PyTorch's <c>filename_suffix</c>). Default "" (none).</summary>
    public string FilenameSuffix { get; init; } = "";

    /// <summary>
    /// When set, like PyTorch's <c>purge_step</c>: a run resumed from a checkpoint at this step writes a
    /// <see cref="SessionLogStatus.Start"/> event, and TensorBoard then hides every point the earlier (crashed) run
    /// logged at this step or later. Default null (nothing is purged).
    /// </summary>
    public long? PurgeStep { get; init; }

    /// <summary>
    /// Whether every event is handed to the operating system as soon as it is logged, so that a running
    /// <c>tensorboard --logdir runs</c> (or an <see cref="EventFileReader"/>) sees it at once. Default true: it
    /// costs one write system call per event (a few microseconds; see the type remarks of
    /// <see cref="TensorBoardWriter"/>). When false, events are buffered (64 KiB) until <see cref="TensorBoardWriter.Flush"/>,
    /// the buffer fills, or the writer is disposed.
    /// </summary>
    public bool FlushEveryEvent { get; init; } = true;
}
