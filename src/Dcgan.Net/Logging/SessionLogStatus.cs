namespace Dcgan.Net.Logging;

/// <summary>Status of a TensorBoard <c>SessionLog</c> event (the numbers are the protobuf enum values).</summary>
public enum SessionLogStatus
{
    /// <summary>No status (protobuf default).</summary>
    Unspecified = 0,

    /// <summary>
    /// A (re)start. TensorBoard drops every already-loaded point whose step is at or after this event's step,
    /// which is how a run resumed from a checkpoint hides what the crashed run logged after it.
    /// </summary>
    Start = 1,

    /// <summary>The session stopped.</summary>
    Stop = 2,

    /// <summary>A checkpoint was written.</summary>
    Checkpoint = 3,
}
