namespace Dcgan.Net.Tensors.Serialization;

/// <summary>Maps numpy dtype strings (<c>descr</c>) to <see cref="DataType"/> and back.</summary>
internal static class NpyDataTypes
{
    /// <summary>
    /// Parses a plain dtype string such as <c>&lt;f8</c>, <c>&gt;i4</c> or <c>|u1</c>. Returns false for anything this
    /// reader cannot represent (structured, complex, object, unsized or unknown types).
    /// </summary>
    public static bool TryParse(string descr, out DataType dataType, out bool bigEndian)
    {
        dataType = default;
        bigEndian = false;
        if (descr.Length < 2)
        {
            return false;
        }

        char order = descr[0];
        string code = descr;
        if (order is '<' or '>' or '|' or '=')
        {
            code = descr[1..];
            bigEndian = order == '>';
        }

        DataType? parsed = code switch
        {
            "f4" => DataType.Float32,
            "f8" => DataType.Float64,
            "f2" => DataType.Float16,
            "i8" => DataType.Int64,
            "i4" => DataType.Int32,
            "i2" => DataType.Int16,
            "i1" => DataType.Int8,
            "u1" => DataType.UInt8,
            "b1" => DataType.Bool,
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        dataType = parsed.Value;
        return true;
    }

    /// <summary>The little-endian dtype string numpy writes for <paramref name="dataType"/>.</summary>
    /// <exception cref="NotSupportedException">numpy has no such type (bfloat16).</exception>
    public static string ToDescr(DataType dataType) => dataType switch
    {
        DataType.Float32 => "<f4",
        DataType.Float64 => "<f8",
        DataType.Float16 => "<f2",
        DataType.Int64 => "<i8",
        DataType.Int32 => "<i4",
        DataType.Int16 => "<i2",
        DataType.Int8 => "|i1",
        DataType.UInt8 => "|u1",
        DataType.Bool => "|b1",
        _ => throw new NotSupportedException($"numpy has no dtype for {dataType}; convert the array to float32 first."),
    };
}
