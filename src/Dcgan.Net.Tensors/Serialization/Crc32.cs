using System.Buffers.Binary;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// CRC-32 of ISO 3309 / zlib / PNG: reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF;
/// check value CRC32("123456789") = 0xCBF43926.
/// </summary>
/// <remarks>
/// Slicing-by-8: table k maps a byte to its CRC contribution k bytes further on, so one step folds
/// 8 input bytes with 8 lookups instead of 8 dependent steps; the tail (fewer than 8 bytes) goes one
/// byte at a time. <see cref="UpdateReference"/> is the plain one-table loop it is tested against.
/// </remarks>
internal static class Crc32
{
    /// <summary>Register value before any byte is fed.</summary>
    public const uint Start = 0xFFFFFFFFu;

    private static readonly uint[] Tables = BuildTables();

    /// <summary>CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Start, data));

    /// <summary>Feeds <paramref name="data"/> into a running register (start from <see cref="Start"/>).</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        var t = Tables.AsSpan();
        while (data.Length >= 8)
        {
            uint low = register ^ BinaryPrimitives.ReadUInt32LittleEndian(data);
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            register = t[(7 * 256) + (int)(low & 0xFF)] ^ t[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((low >> 16) & 0xFF)] ^ t[(4 * 256) + (int)(low >> 24)]
                ^ t[(3 * 256) + (int)(high & 0xFF)] ^ t[(2 * 256) + (int)((high >> 8) & 0xFF)]
                ^ t[256 + (int)((high >> 16) & 0xFF)] ^ t[(int)(high >> 24)];
            data = data[8..];
        }

        return UpdateReference(register, data);
    }

    /// <summary>The plain table-driven loop, one byte per step.</summary>
    public static uint UpdateReference(uint register, ReadOnlySpan<byte> data)
    {
        var table = Tables.AsSpan(0, 256);
        foreach (byte b in data)
        {
            register = table[(int)((register ^ b) & 0xFF)] ^ (register >> 8);
        }

        return register;
    }

    /// <summary>Final XOR that turns a register into the CRC value.</summary>
    public static uint Finish(uint register) => register ^ 0xFFFFFFFFu;

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            tables[n] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = tables[((k - 1) * 256) + n];
                tables[(k * 256) + n] = (previous >> 8) ^ tables[(int)(previous & 0xFF)];
            }
        }

        return tables;
    }
}
