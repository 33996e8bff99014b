using System.Buffers;
using System.Text.Json;

namespace Dcgan.Net.Logging;

/// <summary>
/// Logs scalars as JSON Lines, one object per line:
/// <c>{"step":10,"tag":"loss/generator","value":0.693,"wall_time":1700000000.5}</c>
/// (read with <c>pandas.read_json(path, lines=True)</c>). Numbers use the shortest round-trip form; JSON has no NaN
/// or infinity, so those values are written as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>
/// (the spelling .NET's and Python's JSON readers accept as named literals). Appends to an existing file and
/// flushes every line. Thread-safe.
/// </summary>
public sealed class JsonLinesScalarLogger : IScalarLogger, IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly ArrayBufferWriter<byte> _line = new(128);
    private FileStream? _stream;

    /// <summary>Opens (or creates) <paramref name="path"/> for appending; its directory is created if needed.</summary>
    /// <param name="path">The .jsonl file.</param>
    /// <param name="timeProvider">Clock for the wall_time member; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public JsonLinesScalarLogger(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _clock = timeProvider ?? TimeProvider.System;
        FilePath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
    }

    /// <summary>Full path of the JSON Lines file.</summary>
    public string FilePath { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The logger was disposed.</exception>
    public void LogScalar(string tag, float value, long step)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        double wallTime = ScalarLogFormat.WallTime(_clock);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stream is null, this);
            _line.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(_line))
            {
                json.WriteStartObject();
                json.WriteNumber("step", step);
                json.WriteString("tag", tag);
                if (float.IsFinite(value))
                {
                    json.WriteNumber("value", value);
                }
                else
                {
                    json.WriteString("value", float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
                }

                json.WriteNumber("wall_time", wallTime);
                json.WriteEndObject();
            }

            _line.Write("\n"u8);
            _stream.Write(_line.WrittenSpan);
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        lock (_gate)
        {
            _stream?.Flush();
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
