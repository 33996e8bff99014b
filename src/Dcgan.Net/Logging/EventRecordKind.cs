namespace Dcgan.Net.Logging;

/// <summary>What an <see cref="EventRecord"/> holds.</summary>
public enum EventRecordKind
{
    /// <summary>The file header event: <see cref="EventRecord.FileVersion"/> (e.g. "brain.Event:2").</summary>
    FileVersion,

    /// <summary>A session log: <see cref="EventRecord.SessionStatus"/>.</summary>
    SessionLog,

    /// <summary>
    /// A scalar: <see cref="EventRecord.ScalarValue"/>, from a <c>simple_value</c> or from a rank-0 float tensor
    /// (the newer form TensorFlow 2 writes).
    /// </summary>
    Scalar,

    /// <summary>An encoded image: <see cref="EventRecord.Image"/>.</summary>
    Image,

    /// <summary>Text from a string tensor (the text plugin): <see cref="EventRecord.Text"/>.</summary>
    Text,

    /// <summary>Anything else (histograms, audio, graphs, other tensors); only wall time, step and tag are set.</summary>
    Other,
}
