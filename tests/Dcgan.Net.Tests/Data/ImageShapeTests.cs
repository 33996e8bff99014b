using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class ImageShapeTests
{
    [Fact]
    public void Size_AndToString()
    {
        var shape = new ImageShape(3, 32, 16);
        Assert.Equal(1536, shape.Size);
        Assert.Equal("[3, 32, 16]", shape.ToString());
        Assert.Equal(new ImageShape(3, 32, 16), shape);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, -1)]
    [InlineData(1 << 12, 1 << 12, 1 << 12)]
    public void Constructor_OutOfRange_Throws(int c, int h, int w)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageShape(c, h, w));
    }
}
