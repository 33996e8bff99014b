using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class PadTransformTests
{
    [Fact]
    public void Apply_PadsEveryPlaneOnEverySide()
    {
        var shape = new ImageShape(2, 2, 3);
        float[] source = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        PadTransform pad = ImageTransform.Pad(1, value: -5f);
        ImageShape outShape = pad.GetOutputShape(shape);
        var output = new float[outShape.Size];

        pad.Apply(source, shape, output);

        Assert.Equal(new ImageShape(2, 4, 5), outShape);
        float[] expected =
        [
            -5, -5, -5, -5, -5,
            -5, 1, 2, 3, -5,
            -5, 4, 5, 6, -5,
            -5, -5, -5, -5, -5,
            -5, -5, -5, -5, -5,
            -5, 7, 8, 9, -5,
            -5, 10, 11, 12, -5,
            -5, -5, -5, -5, -5,
        ];
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Apply_ZeroPadding_Copies()
    {
        var shape = new ImageShape(1, 2, 2);
        var output = new float[4];
        ImageTransform.Pad(0).Apply([1, 2, 3, 4], shape, output);
        Assert.Equal([1f, 2, 3, 4], output);
    }

    [Fact]
    public void Pad_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTransform.Pad(-1));
    }
}
