using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Logging;

/// <summary>
/// Reads TensorBoard event files (TFRecord frames of <c>Event</c> protobufs) into <see cref="EventRecord"/>s.
/// Both CRCs of every record are checked. Like TensorBoard, a record cut off at the end of the file is not an
/// error: reading stops before it, <see cref="IsTruncated"/> says so, and a later <see cref="ReadAvailable"/>
/// picks it up once the writer has appended the rest (the file is opened with sharing, so it may be tailed while a
/// <see cref="TensorBoardWriter"/> writes it).
/// </summary>
/// <example>
/// <code>
/// foreach (EventRecord r in EventFileReader.ReadAll(path))
///     if (r.Kind == EventRecordKind.Scalar) Console.WriteLine($"{r.Step} {r.Tag} {r.ScalarValue}");
/// </code>
/// </example>
public sealed partial class EventFileReader : IDisposable
{
    /// <summary>Default limit on one record's payload: 64 MiB, far above any scalar, text or image grid.</summary>
    public const int DefaultMaxRecordLength = 64 << 20;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly TfRecordReader _records;
    private bool _disposed;

    /// <summary>Opens an event file for reading (shared, so a writer may keep appending).</summary>
    /// <param name="path">Path of an <c>events.out.tfevents.*</c> file.</param>
    /// <param name="maxRecordLength">Largest accepted record payload in bytes; default <see cref="DefaultMaxRecordLength"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRecordLength"/> is negative.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public EventFileReader(string path, int maxRecordLength = DefaultMaxRecordLength)
        : this(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), false, maxRecordLength)
    {
    }

    /// <summary>Reads event records from <paramref name="stream"/>, starting at its current position.</summary>
    /// <param name="stream">A readable stream; resuming after a truncated record needs it to be seekable.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open. Default false.</param>
    /// <param name="maxRecordLength">Largest accepted record payload in bytes; default <see cref="DefaultMaxRecordLength"/>.</param>
    /// <exception cref="ArgumentException">The stream is not readable or the limit is negative.</exception>
    public EventFileReader(Stream stream, bool leaveOpen = false, int maxRecordLength = DefaultMaxRecordLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecordLength);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _records = new TfRecordReader(stream, maxRecordLength);
    }

    /// <summary>Whether the last <see cref="ReadAvailable"/> stopped at an incomplete record at the end of the data.</summary>
    public bool IsTruncated { get; private set; }

    /// <summary>Bytes consumed so far, i.e. the offset (from the starting position) of the next record.</summary>
    public long Offset => _records.Offset;

    /// <summary>Reads every complete record available now.</summary>
    /// <returns>The records read by this call, in file order (empty when nothing new has arrived).</returns>
    /// <exception cref="InvalidDataException">
    /// A CRC does not match, a length exceeds the limit, or a payload is not a valid <c>Event</c>; the message
    /// gives the record offset.
    /// </exception>
    public IReadOnlyList<EventRecord> ReadAvailable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new List<EventRecord>();
        while (true)
        {
            long offset = _records.Offset;
            TfRecordReadStatus status = _records.TryRead(out byte[] payload);
            IsTruncated = status == TfRecordReadStatus.Truncated;
            if (status != TfRecordReadStatus.Record)
            {
                return result;
            }

            AppendRecords(ParseEvent(payload, offset), result);
        }
    }

    /// <summary>Reads all complete records of a file; an incomplete last record is ignored, as TensorBoard does.</summary>
    /// <param name="path">Path of an event file.</param>
    /// <param name="maxRecordLength">Largest accepted record payload in bytes.</param>
    /// <exception cref="InvalidDataException">The file is corrupt (see <see cref="ReadAvailable"/>).</exception>
    public static IReadOnlyList<EventRecord> ReadAll(string path, int maxRecordLength = DefaultMaxRecordLength)
    {
        using var reader = new EventFileReader(path, maxRecordLength);
        return reader.ReadAvailable();
    }

    /// <summary>
    /// Reads every event file directly inside <paramref name="runDirectory"/> (names containing "tfevents"), in
    /// lexicographic order of file name as TensorBoard does; sub-directories are other runs and are not read.
    /// </summary>
    /// <param name="runDirectory">A run directory.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt.</exception>
    public static IReadOnlyList<EventRecord> ReadRun(string runDirectory)
    {
        var files = Directory.GetFiles(runDirectory)
            .Where(f => Path.GetFileName(f).Contains("tfevents", StringComparison.Ordinal))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal);
        var result = new List<EventRecord>();
        foreach (string file in files)
        {
            result.AddRange(ReadAll(file));
        }

        return result;
    }

    /// <summary>Closes the file (or the stream, unless it was passed with leaveOpen).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static EventMessage ParseEvent(byte[] payload, long offset)
    {
        try
        {
            return EventMessage.Parse(payload);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Event record at offset {offset} of the file: {e.Message}", e);
        }
    }
}
