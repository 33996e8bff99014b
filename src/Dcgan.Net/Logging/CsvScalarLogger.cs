using System.Globalization;
using System.Text;

namespace Dcgan.Net.Logging;

/// <summary>
/// Logs scalars to a CSV file for people without TensorBoard (open it in a spreadsheet or with pandas):
/// header <c>step,tag,value,wall_time</c>, one row per value, invariant culture (decimal point, shortest
/// round-trip digits; NaN and infinities as <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>), wall time in seconds
/// since the Unix epoch. Appends to an existing file (the header is written only into an empty file) and flushes
/// every row, so the file is readable while training runs and survives a crash. Thread-safe.
/// </summary>
public sealed class CsvScalarLogger : IScalarLogger, IDisposable
{
    /// <summary>The header row.</summary>
    public const string Header = "step,tag,value,wall_time";

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private StreamWriter? _writer;

    /// <summary>Opens (or creates) <paramref name="path"/> for appending; its directory is created if needed.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="timeProvider">Clock for the wall_time column; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public CsvScalarLogger(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _clock = timeProvider ?? TimeProvider.System;
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        if (stream.Length == 0)
        {
            _writer.WriteLine(Header);
            _writer.Flush();
        }
    }

    /// <summary>Full path of the CSV file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The logger was disposed.</exception>
    public void LogScalar(string tag, float value, long step)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        double wallTime = ScalarLogFormat.WallTime(_clock);
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{step},{Quote(tag)},{value},{wallTime}");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_writer is null, this);
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        lock (_gate)
        {
            _writer?.Flush();
        }
    }

    /// <summary>Flushes and closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }

    /// <summary>RFC 4180 quoting, only when the tag needs it.</summary>
    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
