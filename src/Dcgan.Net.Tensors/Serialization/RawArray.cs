using System.Buffers.Binary;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// A dense, row-major array as stored in a file: element type, shape and little-endian bytes.
/// The common currency of the serialization readers and writers; convert with <see cref="ToSingleArray"/>
/// or <see cref="ToDoubleArray"/>.
/// </summary>
public sealed class RawArray
{
    /// <summary>Creates an array, checking that <paramref name="data"/> holds exactly the bytes the shape needs.</summary>
    /// <param name="dataType">Element type.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="data">Little-endian element bytes, row-major.</param>
    /// <exception cref="ArgumentException">A dimension is negative or the byte count does not match the shape.</exception>
    public RawArray(DataType dataType, long[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
            }

            count = checked(count * d);
        }

        long expected = checked(count * ElementSize(dataType));
        if (data.LongLength != expected)
        {
            throw new ArgumentException(
                $"A {dataType} array of shape [{string.Join(", ", shape)}] needs {expected} bytes, got {data.LongLength}.",
                nameof(data));
        }

        DataType = dataType;
        Shape = shape;
        Data = data;
        ElementCount = count;
    }

    /// <summary>Element type.</summary>
    public DataType DataType { get; }

    /// <summary>Dimensions, outermost first.</summary>
    public long[] Shape { get; }

    /// <summary>Little-endian element bytes, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public long ElementCount { get; }

    /// <summary>Size in bytes of one element of <paramref name="dataType"/>.</summary>
    public static int ElementSize(DataType dataType) => dataType switch
    {
        DataType.Float64 or DataType.Int64 => 8,
        DataType.Float32 or DataType.Int32 => 4,
        DataType.Float16 or DataType.BFloat16 or DataType.Int16 => 2,
        DataType.Int8 or DataType.UInt8 or DataType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown data type."),
    };

    /// <summary>Wraps float32 values.</summary>
    public static RawArray FromSingles(ReadOnlySpan<float> values, params long[] shape)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return new RawArray(DataType.Float32, shape, bytes);
    }

    /// <summary>Wraps float64 values.</summary>
    public static RawArray FromDoubles(ReadOnlySpan<double> values, params long[] shape)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        }

        return new RawArray(DataType.Float64, shape, bytes);
    }

    /// <summary>Converts every element to float32 (integers and booleans by value, wider floats by rounding).</summary>
    public float[] ToSingleArray()
    {
        var result = new float[ElementCount];
        for (long i = 0; i < result.LongLength; i++)
        {
            result[i] = (float)ReadAsDouble(i);
        }

        return result;
    }

    /// <summary>Converts every element to float64.</summary>
    public double[] ToDoubleArray()
    {
        var result = new double[ElementCount];
        for (long i = 0; i < result.LongLength; i++)
        {
            result[i] = ReadAsDouble(i);
        }

        return result;
    }

    private double ReadAsDouble(long index)
    {
        ReadOnlySpan<byte> bytes = Data.AsSpan((int)(index * ElementSize(DataType)));
        return DataType switch
        {
            DataType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            DataType.Float64 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            DataType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes),
            DataType.BFloat16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes) << 16),
            DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            DataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            DataType.Int8 => (sbyte)bytes[0],
            DataType.UInt8 or DataType.Bool => bytes[0],
            _ => throw new InvalidOperationException($"Unknown data type {DataType}."),
        };
    }
}
