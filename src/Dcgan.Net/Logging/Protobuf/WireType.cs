namespace Dcgan.Net.Logging.Protobuf;

/// <summary>Protobuf wire types (the low three bits of a field key). Groups (3, 4) never occur in event files.</summary>
internal enum WireType
{
    /// <summary>Base-128 varint: int32, int64, uint64, bool, enum.</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes: double, fixed64.</summary>
    Fixed64 = 1,

    /// <summary>Varint length then bytes: string, bytes, sub-message, packed repeated.</summary>
    LengthDelimited = 2,

    /// <summary>Four little-endian bytes: float, fixed32.</summary>
    Fixed32 = 5,
}
