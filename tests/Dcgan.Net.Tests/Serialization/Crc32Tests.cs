using Dcgan.Net.Tensors.Serialization;
using System.Text;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Serialization;

public class Crc32Tests
{
    [Fact]
    public void Check_value_of_123456789_is_CBF43926()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Iend_chunk_crc_matches_the_spec_bytes_AE426082()
    {
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
    }

    [Fact]
    public void Empty_input_gives_zero()
    {
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void Update_in_pieces_equals_one_shot()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31)).ToArray();
        uint register = Crc32.Start;
        register = Crc32.Update(register, data.AsSpan(0, 3));
        register = Crc32.Update(register, data.AsSpan(3, 500));
        register = Crc32.Update(register, data.AsSpan(503));
        Assert.Equal(Crc32.Compute(data), Crc32.Finish(register));
    }

    [Fact]
    public void Sliced_update_equals_the_bytewise_reference_on_every_length_and_alignment()
    {
        var random = new Random(9);
        byte[] data = new byte[300];
        random.NextBytes(data);
        for (int start = 0; start < 9; start++)
        {
            for (int length = 0; start + length <= data.Length; length += 1 + (length / 8))
            {
                var slice = data.AsSpan(start, length);
                Assert.Equal(Crc32.UpdateReference(Crc32.Start, slice), Crc32.Update(Crc32.Start, slice));
            }
        }
    }
}
