using Dcgan.Net.Imaging.Jpeg;

namespace Dcgan.Net.Tests.Imaging;

public sealed class JpegBitReaderTests
{
    [Fact]
    public void Stuffed_bytes_are_unstuffed_and_a_marker_ends_the_segment()
    {
        byte[] data = [0xAA, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        using var reader = new JpegBitReader(data, data.Length);
        reader.Reset(1);

        Assert.Equal(5, reader.SegmentEnd); // the RST0 marker
        Assert.Equal(0x12, reader.ReadBits(8));
        Assert.Equal(0xFF, reader.ReadBits(8));
        Assert.Equal(0x34, reader.ReadBits(8));
        Assert.False(reader.Overran);
        Assert.Equal(0, reader.ReadBits(16)); // made-up zero bits past the marker
        Assert.True(reader.Overran);
    }

    [Fact]
    public void Reading_far_past_the_end_keeps_supplying_zeros_and_stays_overrun()
    {
        byte[] data = [0xFF, 0xD8, 0x81];
        using var reader = new JpegBitReader(data, data.Length);
        reader.Reset(2);

        Assert.Equal(0x81, reader.ReadBits(8));
        for (int i = 0; i < 10 * JpegBitReader.Padding; i++)
        {
            Assert.Equal(0, reader.ReadBits(16));
        }

        Assert.True(reader.Overran);
        reader.Reset(2);
        Assert.False(reader.Overran);
        Assert.Equal(0x81, reader.ReadBits(8));
    }

    [Fact]
    public void Branch_free_extend_equals_the_T81_procedure()
    {
        Assert.Equal(0, JpegBitReader.ExtendLeading(ulong.MaxValue, 0));
        for (int size = 1; size <= 15; size++)
        {
            for (int v = 0; v < 1 << size; v++)
            {
                ulong bits = ((ulong)v << (64 - size)) | (0x5555_5555_5555_5555UL >> size);
                Assert.Equal(JpegBitReader.Extend(v, size), JpegBitReader.ExtendLeading(bits, size));
            }
        }
    }
}
