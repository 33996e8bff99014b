using System.Buffers.Binary;
using System.Text;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1.0, 2.0 and 3.0), the format of <c>numpy.save</c>.
/// </summary>
/// <remarks>
/// Supported dtypes: <c>&lt;f4</c>, <c>&lt;f8</c>, <c>&lt;f2</c>, <c>&lt;i8</c>, <c>&lt;i4</c>, <c>&lt;i2</c>, <c>|i1</c>,
/// <c>|u1</c>, <c>|b1</c>; big-endian files (<c>&gt;f8</c>, ...) are converted to little-endian on read, and
/// Fortran-order files are transposed into row-major order. Arrays of any rank, including scalars (shape <c>()</c>).
/// The writer produces exactly numpy's bytes: version 1.0, sorted keys, numpy 1.23+ growth spaces, 64-byte alignment.
/// </remarks>
public static partial class NpyFile
{
    /// <summary>The six magic bytes every .npy file starts with: <c>\x93NUMPY</c>.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy's <c>_MAX_HEADER_SIZE</c>: longer headers are refused (numpy only accepts them with allow_pickle).</summary>
    internal const int MaxHeaderLength = 10_000;

    private const int ArrayAlign = 64;

    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed .npy file or uses an unsupported dtype.</exception>
    public static RawArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads one .npy array from the current position of <paramref name="stream"/>.</summary>
    /// <remarks>
    /// Allocation is bounded by the data actually present: on a seekable stream the shape is checked against the
    /// remaining length before anything is allocated; otherwise the data is read in chunks as it arrives.
    /// </remarks>
    /// <exception cref="InvalidDataException">The stream is not a well-formed .npy file or uses an unsupported dtype.</exception>
    public static RawArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, stream.CanSeek);
    }

    /// <summary>Reads one array; <paramref name="trustLength"/> says whether the stream's length bounds its real content.</summary>
    internal static RawArray Read(Stream stream, bool trustLength)
    {
        var header = ReadHeader(stream, out long dataOffset);
        if (!NpyDataTypes.TryParse(header.Descr, out var dataType, out bool bigEndian))
        {
            throw new InvalidDataException(
                $"Unsupported .npy dtype '{header.Descr}' (header before byte {dataOffset}); supported: f2/f4/f8, i1/i2/i4/i8, u1, b1.");
        }

        int elementSize = RawArray.ElementSize(dataType);
        long byteCount = DataByteCount(header.Shape, elementSize, dataOffset);
        byte[] data = ReadData(stream, byteCount, dataOffset, trustLength);
        if (bigEndian && elementSize > 1)
        {
            for (int i = 0; i < data.Length; i += elementSize)
            {
                data.AsSpan(i, elementSize).Reverse();
            }
        }

        if (header.FortranOrder && header.Shape.Length > 1)
        {
            data = FortranToRowMajor(data, header.Shape, elementSize);
        }

        return new RawArray(dataType, header.Shape, data);
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> as numpy would (<c>numpy.save</c>).</summary>
    /// <exception cref="NotSupportedException">The element type has no numpy dtype (bfloat16).</exception>
    public static void Write(string path, RawArray array)
    {
        using var stream = File.Create(path);
        Write(stream, array);
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/> as numpy would (<c>numpy.save</c>).</summary>
    /// <exception cref="NotSupportedException">The element type has no numpy dtype (bfloat16).</exception>
    public static void Write(Stream stream, RawArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var header = new NpyHeader(NpyDataTypes.ToDescr(array.DataType), false, array.Shape);
        byte[] text = Encoding.Latin1.GetBytes(header.Format());

        // The preamble (magic, version, length field, text, padding, newline) is a multiple of 64 bytes;
        // version 2.0 (4-byte length field) only when the header does not fit version 1.0's 2-byte field.
        bool version1 = true;
        int prefixLength = Magic.Length + 4;
        int padding = ArrayAlign - ((prefixLength + text.Length + 1) % ArrayAlign);
        int headerLength = text.Length + padding + 1;
        if (headerLength > ushort.MaxValue)
        {
            version1 = false;
            prefixLength = Magic.Length + 6;
            padding = ArrayAlign - ((prefixLength + text.Length + 1) % ArrayAlign);
            headerLength = text.Length + padding + 1;
        }

        var preamble = new byte[prefixLength + headerLength];
        Magic.CopyTo(preamble);
        preamble[6] = version1 ? (byte)1 : (byte)2;
        if (version1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(preamble.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(preamble.AsSpan(8), (uint)headerLength);
        }

        text.CopyTo(preamble, prefixLength);
        preamble.AsSpan(prefixLength + text.Length, padding).Fill((byte)' ');
        preamble[^1] = (byte)'\n';
        stream.Write(preamble);
        stream.Write(array.Data);
    }

    /// <summary>The bytes <see cref="Write(Stream, RawArray)"/> would produce.</summary>
    /// <exception cref="NotSupportedException">The element type has no numpy dtype (bfloat16).</exception>
    public static byte[] ToBytes(RawArray array)
    {
        using var buffer = new MemoryStream();
        Write(buffer, array);
        return buffer.ToArray();
    }

    private static long DataByteCount(long[] shape, int elementSize, long dataOffset)
    {
        long bytes = elementSize;
        foreach (long d in shape)
        {
            // Any non-empty array larger than a .NET byte array cannot be read; zero dimensions make it empty.
            if (d == 0)
            {
                return 0;
            }

            bytes = d > Array.MaxLength / bytes ? long.MaxValue : bytes * d;
        }

        if (bytes > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"The .npy array of shape ({string.Join(", ", shape)}) (data at byte {dataOffset}) needs more than the {Array.MaxLength} bytes a single array can hold.");
        }

        return bytes;
    }

    private static byte[] FortranToRowMajor(byte[] data, long[] shape, int elementSize)
    {
        int rank = shape.Length;
        var sourceStrides = new long[rank];
        long stride = elementSize;
        for (int axis = 0; axis < rank; axis++)
        {
            sourceStrides[axis] = stride;
            stride *= shape[axis];
        }

        var result = new byte[data.Length];
        var index = new long[rank];
        long source = 0;
        for (int target = 0; target < result.Length; target += elementSize)
        {
            data.AsSpan((int)source, elementSize).CopyTo(result.AsSpan(target));

            // Advance the row-major odometer; the source offset follows the column-major strides.
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                source += sourceStrides[axis];
                if (++index[axis] < shape[axis])
                {
                    break;
                }

                source -= sourceStrides[axis] * shape[axis];
                index[axis] = 0;
            }
        }

        return result;
    }
}
