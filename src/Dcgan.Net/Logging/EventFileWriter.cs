using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Logging;

/// <summary>
/// One open event file. Events are serialized and framed outside the lock and appended as one whole record
/// under it, so concurrent callers never interleave bytes and a reader never sees half a header.
/// </summary>
internal sealed class EventFileWriter : IDisposable
{
    /// <summary>The version TensorBoard expects; with version 2 it purges old points only on SessionLog.START.</summary>
    public const string FileVersion = "brain.Event:2";

    private const int BufferSize = 64 << 10;

    private static int s_counter = -1;

    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly bool _flushEveryEvent;
    private FileStream? _stream;

    public EventFileWriter(string directory, TensorBoardWriterOptions options)
    {
        _clock = options.TimeProvider;
        _flushEveryEvent = options.FlushEveryEvent;
        Directory.CreateDirectory(directory);
        DateTimeOffset now = _clock.GetUtcNow();
        string name = TensorBoardWriter.FormatEventFileName(
            now.ToUnixTimeSeconds(), Environment.MachineName, Environment.ProcessId,
            Interlocked.Increment(ref s_counter), options.FilenameSuffix);
        FilePath = Path.Combine(directory, name);
        _stream = new FileStream(
            FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete,
            _flushEveryEvent ? 0 : BufferSize);
        try
        {
            double wallTime = ToWallTime(now);
            long purgeStep = options.PurgeStep ?? 0;
            Write(EventMessage.ForFileVersion(wallTime, purgeStep, FileVersion));
            if (options.PurgeStep is not null)
            {
                Write(EventMessage.ForSessionLog(wallTime, purgeStep, new SessionLogMessage { Status = SessionLogStatus.Start }));
            }
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    public string FilePath { get; }

    /// <summary>Seconds since the Unix epoch, as a double, from the writer's clock.</summary>
    public double Now() => ToWallTime(_clock.GetUtcNow());

    public void Write(EventMessage message)
    {
        byte[] record = TfRecord.Frame(message.ToByteArray());
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stream is null, typeof(TensorBoardWriter));
            _stream.Write(record);
            if (_flushEveryEvent)
            {
                _stream.Flush();
            }
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            _stream?.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private static double ToWallTime(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;
}
