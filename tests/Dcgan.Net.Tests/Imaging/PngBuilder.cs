using Dcgan.Net.Tensors.Serialization;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

/// <summary>Assembles PNG files chunk by chunk for malformed-input tests.</summary>
internal sealed class PngBuilder
{
    private readonly List<byte> _file = [];

    public PngBuilder(bool signature = true)
    {
        if (signature)
        {
            _file.AddRange([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        }
    }

    public static byte[] Ihdr(uint width, uint height, byte depth, byte colorType, byte interlace = 0, byte compression = 0, byte filter = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), height);
        data[8] = depth;
        data[9] = colorType;
        data[10] = compression;
        data[11] = filter;
        data[12] = interlace;
        return data;
    }

    public static byte[] Zlib(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        return output.ToArray();
    }

    public PngBuilder Chunk(string type, byte[] data, uint? crc = null, uint? length = null)
    {
        var word = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, length ?? (uint)data.Length);
        _file.AddRange(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        _file.AddRange(typeBytes);
        _file.AddRange(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc ?? Crc32.Compute([.. typeBytes, .. data]));
        _file.AddRange(word);
        return this;
    }

    public PngBuilder Header(uint width, uint height, byte depth, byte colorType, byte interlace = 0) =>
        Chunk("IHDR", Ihdr(width, height, depth, colorType, interlace));

    /// <summary>IDAT holding <paramref name="raw"/> (filter bytes included) compressed with zlib.</summary>
    public PngBuilder Pixels(byte[] raw) => Chunk("IDAT", Zlib(raw));

    public PngBuilder End() => Chunk("IEND", []);

    public PngBuilder Raw(byte[] bytes)
    {
        _file.AddRange(bytes);
        return this;
    }

    public byte[] ToArray() => [.. _file];
}
