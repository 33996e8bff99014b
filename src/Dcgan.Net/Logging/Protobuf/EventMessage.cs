namespace Dcgan.Net.Logging.Protobuf;

/// <summary>Which member of <c>Event.what</c> was set (last one wins, as in protobuf oneofs).</summary>
internal enum EventContent
{
    None,
    FileVersion,
    Summary,
    SessionLog,

    /// <summary>graph_def, log_message, tagged_run_metadata, meta_graph_def or a field newer than this reader.</summary>
    Other,
}

/// <summary>
/// <c>tensorboard.Event</c>: wall_time = 1 (double), step = 2 (int64), oneof what { file_version = 3,
/// graph_def = 4, summary = 5, log_message = 6, session_log = 7, tagged_run_metadata = 8, meta_graph_def = 9 }.
/// </summary>
internal sealed class EventMessage
{
    public double WallTime { get; set; }

    public long Step { get; set; }

    public EventContent Content { get; private set; }

    public string? FileVersion { get; private set; }

    public SummaryMessage? Summary { get; private set; }

    public SessionLogMessage? SessionLog { get; private set; }

    public static EventMessage ForFileVersion(double wallTime, long step, string version) =>
        new() { WallTime = wallTime, Step = step, Content = EventContent.FileVersion, FileVersion = version };

    public static EventMessage ForSummary(double wallTime, long step, SummaryMessage summary) =>
        new() { WallTime = wallTime, Step = step, Content = EventContent.Summary, Summary = summary };

    public static EventMessage ForSessionLog(double wallTime, long step, SessionLogMessage log) =>
        new() { WallTime = wallTime, Step = step, Content = EventContent.SessionLog, SessionLog = log };

    /// <summary>Serializes in field order; step 0 is omitted as proto3 writers do.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(Content == EventContent.Summary ? 128 : 48);
        w.WriteDouble(1, WallTime);
        if (Step != 0)
        {
            w.WriteInt64(2, Step);
        }

        switch (Content)
        {
            case EventContent.FileVersion:
                w.WriteString(3, FileVersion!);
                break;
            case EventContent.Summary:
                w.WriteMessage(5, Summary!.Write());
                break;
            case EventContent.SessionLog:
                w.WriteMessage(7, SessionLog!.Write());
                break;
        }

        return w.ToArray();
    }

    public static EventMessage Parse(ReadOnlySpan<byte> payload)
    {
        var message = new EventMessage();
        var r = new ProtoReader(payload);
        while (r.TryReadKey(out int field, out WireType type))
        {
            switch (field, type)
            {
                case (1, WireType.Fixed64):
                    message.WallTime = r.ReadDouble();
                    break;
                case (2, WireType.Varint):
                    message.Step = r.ReadInt64();
                    break;
                case (3, WireType.LengthDelimited):
                    message.FileVersion = r.ReadString();
                    message.Content = EventContent.FileVersion;
                    break;
                case (5, WireType.LengthDelimited):
                    var summaryReader = r.ReadMessage();
                    message.Summary ??= new SummaryMessage();
                    message.Summary.MergeFrom(ref summaryReader);
                    message.Content = EventContent.Summary;
                    break;
                case (7, WireType.LengthDelimited):
                    var logReader = r.ReadMessage();
                    message.SessionLog ??= new SessionLogMessage();
                    message.SessionLog.MergeFrom(ref logReader);
                    message.Content = EventContent.SessionLog;
                    break;
                case (4 or 6 or 8 or 9, _):
                    r.Skip(type);
                    message.Content = EventContent.Other;
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }

        return message;
    }
}

/// <summary><c>tensorboard.SessionLog</c>: status = 1 (enum), checkpoint_path = 2, msg = 3.</summary>
internal sealed class SessionLogMessage
{
    public SessionLogStatus Status { get; set; }

    public string CheckpointPath { get; set; } = "";

    public string Message { get; set; } = "";

    public ProtoWriter Write()
    {
        var w = new ProtoWriter(16);
        if (Status != SessionLogStatus.Unspecified)
        {
            w.WriteInt32(1, (int)Status);
        }

        if (CheckpointPath.Length > 0)
        {
            w.WriteString(2, CheckpointPath);
        }

        if (Message.Length > 0)
        {
            w.WriteString(3, Message);
        }

        return w;
    }

    public void MergeFrom(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            switch (field, type)
            {
                case (1, WireType.Varint):
                    Status = (SessionLogStatus)r.ReadInt32();
                    break;
                case (2, WireType.LengthDelimited):
                    CheckpointPath = r.ReadString();
                    break;
                case (3, WireType.LengthDelimited):
                    Message = r.ReadString();
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }
}
