using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Logging;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and the LevelDB/TFRecord masking of it.
/// The accelerated path feeds eight bytes at a time to <see cref="BitOperations.Crc32C(uint, ulong)"/>, which
/// compiles to the SSE4.2 / ARMv8 CRC32C instruction; without that instruction the byte-wise table below is
/// used. The table path is also the reference twin the tests compare the accelerated path with.
/// </summary>
internal static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78u;
    private const uint MaskDelta = 0xA282EAD8u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Whether the hardware CRC32C instruction is used by <see cref="Append"/>.</summary>
    public static bool IsHardwareAccelerated { get; } = Sse42.IsSupported || Crc32.IsSupported;

    /// <summary>CRC-32C of <paramref name="data"/> (initial register all ones, final complement).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFFFFFFu, data);

    /// <summary>The TFRecord mask: rotate right by 15 bits, then add 0xA282EAD8.</summary>
    public static uint Mask(uint crc) => BitOperations.RotateRight(crc, 15) + MaskDelta;

    /// <summary>Inverse of <see cref="Mask"/>.</summary>
    public static uint Unmask(uint masked) => BitOperations.RotateLeft(masked - MaskDelta, 15);

    /// <summary>Masked CRC-32C of <paramref name="data"/>, as stored in TFRecord files.</summary>
    public static uint ComputeMasked(ReadOnlySpan<byte> data) => Mask(Compute(data));

    /// <summary>Advances a raw (not complemented) CRC register over <paramref name="data"/>.</summary>
    public static uint Append(uint register, ReadOnlySpan<byte> data) =>
        IsHardwareAccelerated ? AppendHardware(register, data) : AppendTable(register, data);

    /// <summary>Eight bytes per instruction, then the tail byte by byte.</summary>
    internal static uint AppendHardware(uint register, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            register = BitOperations.Crc32C(register, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }

        for (; i < data.Length; i++)
        {
            register = BitOperations.Crc32C(register, data[i]);
        }

        return register;
    }

    /// <summary>The plain byte-wise table algorithm; the reference twin of <see cref="AppendHardware"/>.</summary>
    internal static uint AppendTable(uint register, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            register = table[(register ^ b) & 0xFF] ^ (register >> 8);
        }

        return register;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
