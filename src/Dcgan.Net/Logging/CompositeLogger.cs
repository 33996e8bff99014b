namespace Dcgan.Net.Logging;

/// <summary>
/// Fans every call out to several loggers, e.g. a <see cref="TensorBoardWriter"/> and a <see cref="CsvScalarLogger"/>.
/// Images go to the loggers that implement <see cref="IImageLogger"/> and are skipped by the others. Loggers are
/// called in the order given; an exception from one propagates (the later ones then miss that value).
/// The composite owns its loggers: <see cref="Dispose"/> disposes those that are <see cref="IDisposable"/>.
/// </summary>
/// <example>
/// <code>
/// using var log = new CompositeLogger(new TensorBoardWriter("runs/exp1"), new CsvScalarLogger("runs/exp1/scalars.csv"));
/// log.LogScalar("loss/generator", gLoss, step);
/// </code>
/// </example>
public sealed class CompositeLogger : IScalarLogger, IImageLogger, IDisposable
{
    private readonly IScalarLogger[] _loggers;

    /// <summary>Creates a logger that forwards to <paramref name="loggers"/>.</summary>
    /// <param name="loggers">The loggers, none null; may be empty.</param>
    /// <exception cref="ArgumentException">An element is null.</exception>
    public CompositeLogger(params IEnumerable<IScalarLogger> loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _loggers = [.. loggers];
        if (Array.IndexOf(_loggers, null) is int i and >= 0)
        {
            throw new ArgumentException($"Logger at index {i} is null.", nameof(loggers));
        }
    }

    /// <summary>The loggers, in call order.</summary>
    public IReadOnlyList<IScalarLogger> Loggers => _loggers;

    /// <inheritdoc/>
    public void LogScalar(string tag, float value, long step)
    {
        foreach (IScalarLogger logger in _loggers)
        {
            logger.LogScalar(tag, value, step);
        }
    }

    /// <inheritdoc/>
    public void LogImage(string tag, ReadOnlySpan<byte> encodedPng, int width, int height, int channels, long step)
    {
        foreach (IScalarLogger logger in _loggers)
        {
            if (logger is IImageLogger images)
            {
                images.LogImage(tag, encodedPng, width, height, channels, step);
            }
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        foreach (IScalarLogger logger in _loggers)
        {
            logger.Flush();
        }
    }

    /// <summary>Disposes every logger that is <see cref="IDisposable"/>.</summary>
    public void Dispose()
    {
        foreach (IScalarLogger logger in _loggers)
        {
            (logger as IDisposable)?.Dispose();
        }
    }
}
