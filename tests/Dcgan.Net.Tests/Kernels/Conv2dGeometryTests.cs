using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

public sealed class Conv2dGeometryTests
{
    [Fact]
    public void OutputSize_IsTheFloorOfTheStridedSpanPlusOne()
    {
        var g = new Conv2dGeometry(1, 1, 10, 9, 1, 3, 4, 2, 3, 1, 2);
        Assert.Equal(5, g.OutHeight);
        Assert.Equal(4, g.OutWidth);
        Assert.Equal(12, g.PatchSize);
        Assert.Equal(20, g.OutPlane);
        Assert.False(g.IsPointwise);
        Assert.True(new Conv2dGeometry(2, 3, 5, 5, 4, 1, 1, 1, 1, 0, 0).IsPointwise);
    }

    [Fact]
    public void Validate_RejectsNonPositiveSizesNegativePaddingAndOversizedKernels()
    {
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 4, 4, 1, 3, 3, 0, 1, 0, 0).Validate());
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 4, 4, 1, 3, 3, 1, 1, -1, 0).Validate());
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(0, 1, 4, 4, 1, 3, 3, 1, 1, 0, 0).Validate());
        var tooLarge = Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 2, 3, 1, 5, 5, 1, 1, 1, 1).Validate());
        Assert.Contains("larger than the padded input 4x5", tooLarge.Message, StringComparison.Ordinal);
        var huge = Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 4096, 512, 512, 8, 3, 3, 1, 1, 1, 1).Validate());
        Assert.Contains("more than an array can hold", huge.Message, StringComparison.Ordinal);
        new Conv2dGeometry(1, 1, 2, 3, 1, 4, 5, 1, 1, 1, 1).Validate();
    }
}
