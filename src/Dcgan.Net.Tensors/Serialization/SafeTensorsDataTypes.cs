namespace Dcgan.Net.Tensors.Serialization;

/// <summary>The safetensors dtype strings this library reads and writes, and their writer ordering.</summary>
internal static class SafeTensorsDataTypes
{
    // The reference writer places tensors by descending "alignment rank" (the order of its Dtype enum:
    // BOOL, F4, F6_*, U8, I8, F8_*, I16, U16, F16, BF16, I32, U32, F32, C64, F64, I64, U64), then by name.
    // Only the relative order of the types we support matters, so the ranks below keep that order.
    private static readonly (string Name, DataType Type, int Rank)[] Table =
    [
        ("BOOL", DataType.Bool, 0),
        ("U8", DataType.UInt8, 1),
        ("I8", DataType.Int8, 2),
        ("I16", DataType.Int16, 3),
        ("F16", DataType.Float16, 4),
        ("BF16", DataType.BFloat16, 5),
        ("I32", DataType.Int32, 6),
        ("F32", DataType.Float32, 7),
        ("F64", DataType.Float64, 8),
        ("I64", DataType.Int64, 9),
    ];

    // dtype strings the format defines but this library cannot represent as a DataType.
    private static readonly HashSet<string> KnownUnsupported = new(StringComparer.Ordinal)
    {
        "U16", "U32", "U64", "C64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F8_E4M3FNUZ", "F8_E5M2FNUZ",
        "F6_E2M3", "F6_E3M2", "F4",
    };

    public static bool TryParse(string name, out DataType dataType)
    {
        foreach (var entry in Table)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                dataType = entry.Type;
                return true;
            }
        }

        dataType = default;
        return false;
    }

    public static bool IsKnownButUnsupported(string name) => KnownUnsupported.Contains(name);

    public static string ToName(DataType dataType) => Find(dataType).Name;

    public static int AlignmentRank(DataType dataType) => Find(dataType).Rank;

    private static (string Name, DataType Type, int Rank) Find(DataType dataType)
    {
        foreach (var entry in Table)
        {
            if (entry.Type == dataType)
            {
                return entry;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown data type.");
    }
}
