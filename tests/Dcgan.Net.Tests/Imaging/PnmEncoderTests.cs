using System.Text;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class PnmEncoderTests
{
    [Theory]
    [InlineData(1, 8, false, "P5\n3 2\n255\n")]
    [InlineData(3, 8, false, "P6\n3 2\n255\n")]
    [InlineData(1, 16, true, "P2\n3 2\n65535\n")]
    [InlineData(3, 16, false, "P6\n3 2\n65535\n")]
    [InlineData(3, 8, true, "P3\n3 2\n255\n")]
    public void Round_trip_keeps_every_sample(int channels, int bitDepth, bool plain, string header)
    {
        var data = new byte[3 * 2 * channels * bitDepth / 8];
        new Random(channels + bitDepth).NextBytes(data);
        var image = new Image(3, 2, channels, data, bitDepth);

        byte[] file = PnmEncoder.Encode(image, plain);
        var back = PnmDecoder.Decode(file);

        Assert.StartsWith(header, Encoding.ASCII.GetString(file), StringComparison.Ordinal);
        Assert.Equal((channels, bitDepth), (back.Channels, back.BitDepth));
        Assert.Equal(data, back.Data);
    }

    [Fact]
    public void Plain_output_writes_one_text_line_per_row()
    {
        var image = new Image(2, 2, 1, [0, 1, 254, 255]);
        Assert.Equal("P2\n2 2\n255\n0 1\n254 255\n", Encoding.ASCII.GetString(PnmEncoder.Encode(image, plain: true)));
    }

    [Fact]
    public void Images_with_alpha_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PnmEncoder.Encode(new Image(1, 1, 4, new byte[4])));
        Assert.Throws<ArgumentException>(() => PnmEncoder.Encode(new Image(1, 1, 2, new byte[2])));
    }
}
