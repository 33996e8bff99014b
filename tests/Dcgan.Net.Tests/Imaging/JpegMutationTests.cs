using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

/// <summary>
/// Corrupts valid fixture files thousands of times with a fixed seed and checks that decoding either
/// returns a well-formed image or fails with InvalidDataException / NotSupportedException, never with
/// another exception (index out of range, overflow, out of memory) and never by hanging.
/// </summary>
public sealed class JpegMutationTests
{
    private const int Iterations = 4000;

    private static readonly string[] Sources =
    [
        "baseline_420_q75_37x29.jpg",
        "baseline_444_q95_16x16.jpg",
        "progressive_420_q75_64x48.jpg",
        "progressive_444_q90_37x29.jpg",
        "restart_420_ri3_37x29.jpg",
        "progressive_restart_420_ri2_37x29.jpg",
        "noninterleaved_420_ri4_37x29.jpg",
        "crafted_mixed_33x17.jpg",
        "gray_q75_37x29.jpg",
        "exif_orientation6_20x12.jpg",
    ];

    [Fact]
    public void Corrupted_files_decode_or_throw_only_documented_exceptions()
    {
        var random = new Random(20240605);
        byte[][] files = Sources.Select(JpegFixtures.ReadFile).ToArray();

        // A low pixel limit keeps the work per iteration small when a mutation inflates the dimensions.
        var options = new JpegDecoderOptions { MaxPixelCount = 1 << 20, ApplyExifOrientation = true };
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < Iterations; i++)
        {
            int source = random.Next(files.Length);
            (byte[] mutated, string how) = Mutate(files[source], random);
            try
            {
                Image image = JpegDecoder.Decode(mutated, options);
                Assert.Equal((long)image.Width * image.Height * image.Channels, image.Data.LongLength);
                decoded++;
            }
            catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {i}, {Sources[source]}, {how}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        // Both outcomes occur, so the mutations neither miss the decoder nor always break the header.
        Assert.True(decoded > Iterations / 20, $"{decoded} decoded");
        Assert.True(rejected > Iterations / 20, $"{rejected} rejected");
    }

    private static (byte[] Data, string How) Mutate(byte[] original, Random random)
    {
        byte[] data = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
            {
                int flips = 1 + random.Next(4);
                for (int f = 0; f < flips; f++)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }

                return (data, $"{flips} byte(s) replaced");
            }

            case 1:
            {
                int at = random.Next(data.Length);
                int bit = random.Next(8);
                data[at] ^= (byte)(1 << bit);
                return (data, $"bit {bit} of byte {at} flipped");
            }

            case 2:
            {
                int length = random.Next(data.Length);
                return (data[..length], $"truncated to {length} bytes");
            }

            case 3:
            {
                var segments = JpegFixtures.Segments(data);
                var (marker, offset, _) = segments[random.Next(segments.Count)];
                int delta = random.Next(-40, 41);
                int length = Math.Clamp(((data[offset + 2] << 8) | data[offset + 3]) + delta, 0, 65535);
                data[offset + 2] = (byte)(length >> 8);
                data[offset + 3] = (byte)length;
                return (data, $"length of segment 0x{marker:X2} at {offset} changed by {delta}");
            }

            default:
            {
                // Header fields are where a single byte does the most damage: hit the segments before the scan data.
                int headerEnd = JpegFixtures.Segments(data).Last().Offset;
                int at = 2 + random.Next(Math.Max(1, headerEnd - 2));
                data[at] = (byte)random.Next(256);
                return (data, $"header byte {at} replaced");
            }
        }
    }
}
