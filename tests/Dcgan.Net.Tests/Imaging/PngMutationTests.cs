using Dcgan.Net.Tensors.Serialization;
using System.Buffers.Binary;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

/// <summary>
/// Corrupts valid PNG files thousands of times with a fixed seed; every outcome must be an image or an
/// <see cref="InvalidDataException"/>. Half of the mutations repair the chunk CRC afterwards so that the
/// damage reaches the header, palette, zlib and scanline stages instead of stopping at the CRC check.
/// </summary>
public class PngMutationTests
{
    private const int Iterations = 6000;

    /// <summary>Keeps mutated headers (e.g. 30000x30000) from allocating hundreds of MB in a unit test.</summary>
    private static readonly ImageDecoderOptions Limits = new() { MaxPixelCount = 1 << 20 };

    private static readonly string[] Seeds =
    [
        "g1_i.png", "g2.png", "g4_i.png", "g16.png", "g_trns8_i.png", "rgb8.png", "rgb16_i.png", "rgb_trns16.png",
        "ga8_i.png", "rgba16.png", "p1_i.png", "p_trns4.png", "p8_i.png", "pil_p256.png", "pil_rgba.png", "rgb8_5x3_i.png",
    ];

    [Fact]
    public void Every_mutation_gives_an_image_or_InvalidDataException()
    {
        var random = new Random(20260501);
        var files = Seeds.Select(name => ImagingFixtures.Bytes("png", name)).ToArray();
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] original = files[random.Next(files.Length)];
            byte[] mutated = Mutate(original, random);
            try
            {
                var image = PngDecoder.Decode(mutated, Limits);
                Assert.Equal((long)image.Width * image.Height * image.Channels * image.BitDepth / 8, image.Data.LongLength);
                decoded++;
            }
            catch (InvalidDataException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                rejected++;
            }
        }

        // Both outcomes must occur: otherwise the mutations are too weak or the decoder rejects everything.
        Assert.True(decoded > Iterations / 50, $"decoded {decoded}");
        Assert.True(rejected > Iterations / 2, $"rejected {rejected}");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] file = (byte[])original.Clone();
        var chunks = ChunkOffsets(file);
        switch (random.Next(7))
        {
            case 0:
                for (int n = random.Next(1, 4); n > 0; n--)
                {
                    file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
                }

                return file;
            case 1:
                return file[..random.Next(file.Length)];
            case 2:
            {
                int chunk = chunks[random.Next(chunks.Count)];
                uint length = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(chunk));
                uint altered = random.Next(3) switch
                {
                    0 => length + (uint)random.Next(-8, 9),
                    1 => (uint)random.Next(),
                    _ => uint.MaxValue - (uint)random.Next(16),
                };
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(chunk), altered);
                return file;
            }

            case 3:
            {
                // Duplicate or delete a whole chunk.
                int index = random.Next(chunks.Count);
                int start = chunks[index];
                int end = index + 1 < chunks.Count ? chunks[index + 1] : file.Length;
                return random.Next(2) == 0 ? [.. file[..end], .. file[start..end], .. file[end..]] : [.. file[..start], .. file[end..]];
            }

            default:
            {
                // Damage the data of one chunk (bytes or a header field) and repair its CRC.
                int chunk = chunks[random.Next(chunks.Count)];
                int length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(chunk));
                if (length == 0)
                {
                    return file;
                }

                for (int n = random.Next(1, 3); n > 0; n--)
                {
                    // A quarter of the hits land on the first two data bytes: the zlib header of an IDAT.
                    int at = chunk + 8 + (random.Next(4) == 0 ? random.Next(Math.Min(2, length)) : random.Next(length));
                    file[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(file[at] ^ (1 << random.Next(8)));
                }

                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(chunk + 8 + length), Crc32.Compute(file.AsSpan(chunk + 4, 4 + length)));
                return file;
            }
        }
    }

    private static List<int> ChunkOffsets(byte[] file)
    {
        var offsets = new List<int>();
        for (int at = 8; at + 12 <= file.Length; at += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at)))
        {
            offsets.Add(at);
        }

        return offsets;
    }
}
