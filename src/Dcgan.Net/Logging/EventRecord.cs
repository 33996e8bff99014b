namespace Dcgan.Net.Logging;

/// <summary>
/// One entry of an event file as read by <see cref="EventFileReader"/>: a summary value (scalar, image, text,
/// other) or a file-version / session-log event. An event that carries several summary values yields one record
/// per value, all with the event's wall time and step.
/// </summary>
public sealed record EventRecord
{
    /// <summary>What this record holds; decides which of the optional properties are set.</summary>
    public required EventRecordKind Kind { get; init; }

    /// <summary>Seconds since the Unix epoch (UTC) at which the event was written.</summary>
    public double WallTime { get; init; }

    /// <summary>Global step of the event (0 when absent).</summary>
    public long Step { get; init; }

    /// <summary>
    /// Summary tag as stored. Text written by <see cref="TensorBoardWriter.AddText"/> is stored, as PyTorch does,
    /// under <c>&lt;tag&gt;/text_summary</c>. Empty for file-version and session-log records.
    /// </summary>
    public string Tag { get; init; } = "";

    /// <summary>Plugin named in the value's metadata (e.g. "text", "scalars"), or empty.</summary>
    public string PluginName { get; init; } = "";

    /// <summary>The value of a <see cref="EventRecordKind.Scalar"/> record.</summary>
    public float ScalarValue { get; init; }

    /// <summary>The image of an <see cref="EventRecordKind.Image"/> record, otherwise null.</summary>
    public LoggedImage? Image { get; init; }

    /// <summary>
    /// The UTF-8 text of a <see cref="EventRecordKind.Text"/> record (several strings are joined with newlines),
    /// otherwise null.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>The version string of a <see cref="EventRecordKind.FileVersion"/> record, otherwise null.</summary>
    public string? FileVersion { get; init; }

    /// <summary>The status of a <see cref="EventRecordKind.SessionLog"/> record.</summary>
    public SessionLogStatus SessionStatus { get; init; }
}

/// <summary>An encoded image as stored in an event file, with the size and channel count the writer declared.</summary>
/// <param name="EncodedBytes">The encoded file (PNG in practice).</param>
/// <param name="Width">Declared width in pixels.</param>
/// <param name="Height">Declared height in pixels.</param>
/// <param name="Channels">Declared colour space: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</param>
public sealed record LoggedImage(byte[] EncodedBytes, int Width, int Height, int Channels);
