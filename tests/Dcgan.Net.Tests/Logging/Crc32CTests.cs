using System.Text;
using Dcgan.Net.Logging;

namespace Dcgan.Net.Tests.Logging;

[Trait("Category", "Simd")]
public class Crc32CTests
{
    [Fact]
    public void Check_value_of_123456789()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, ~Crc32C.AppendTable(0xFFFFFFFFu, "123456789"u8));
        Assert.Equal(0xE3069283u, ~Crc32C.AppendHardware(0xFFFFFFFFu, "123456789"u8));
    }

    [Fact]
    public void Thirty_two_zero_bytes_match_RFC_3720()
    {
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void Table_entries_match_the_published_table()
    {
        // With a zero register one table step on byte b leaves exactly table[b].
        Assert.Equal(0xF26B8303u, Crc32C.AppendTable(0, [1]));
        Assert.Equal(0x82F63B78u, Crc32C.AppendTable(0, [128]));
    }

    [Fact]
    public void Masked_values_match_the_spec_vectors()
    {
        byte[] message = [0x1a, 0x11, .. Encoding.ASCII.GetBytes("CRC test, one two")];
        Assert.Equal(0x5794D08Au, Crc32C.ComputeMasked(message));
        Assert.Equal(0x224B7FA3u, Crc32C.ComputeMasked(Hex.Parse("18 00 00 00 00 00 00 00")));
        byte[] fileVersionPayload = [.. Hex.Parse("09 00 00 80 38 99 d6 d7 41 1a 0d"), .. Encoding.ASCII.GetBytes("brain.Event:2")];
        Assert.Equal(24, fileVersionPayload.Length);
        Assert.Equal(0xAB364B12u, Crc32C.ComputeMasked(fileVersionPayload));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(0xE3069283u)]
    [InlineData(0xFFFFFFFFu)]
    public void Unmask_inverts_mask(uint crc)
    {
        Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
        Assert.NotEqual(crc, Crc32C.Mask(crc));
    }

    [Fact]
    public void Hardware_path_matches_table_on_lengths_that_are_not_multiples_of_eight()
    {
        var random = new Random(5);
        for (int length = 0; length <= 67; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            uint start = (uint)random.Next();
            Assert.Equal(Crc32C.AppendTable(start, data), Crc32C.AppendHardware(start, data));
        }
    }

    [Fact]
    public void Append_in_pieces_equals_one_pass()
    {
        byte[] data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        uint whole = Crc32C.Compute(data);
        uint pieces = ~Crc32C.Append(Crc32C.Append(0xFFFFFFFFu, data.AsSpan(0, 13)), data.AsSpan(13));
        Assert.Equal(whole, pieces);
        Assert.Equal(0x22620404u, whole);
    }
}
