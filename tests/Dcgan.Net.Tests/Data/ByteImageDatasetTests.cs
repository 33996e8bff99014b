using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class ByteImageDatasetTests
{
    [Fact]
    public void CopyImage_DeliversRawByteValues()
    {
        var data = new ByteImageDataset([0, 1, 2, 3, 250, 251, 252, 255], new ImageShape(1, 2, 2), [7, 8]);
        var image = new float[4];

        data.CopyImage(1, image);

        Assert.Equal(2, data.Count);
        Assert.Equal([250f, 251, 252, 255], image);
        Assert.Equal(8, data.GetLabel(1));
        Assert.Equal([250, 251, 252, 255], data.GetPixels(1).ToArray());
    }

    [Fact]
    public void Constructor_PartialImage_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ByteImageDataset(new byte[5], new ImageShape(1, 2, 2)));
        Assert.Contains("[1, 2, 2]", ex.Message);
    }

    [Fact]
    public void Constructor_LabelCountMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ByteImageDataset(new byte[8], new ImageShape(1, 2, 2), [1]));
        Assert.Contains("2 images but 1 labels", ex.Message);
    }

    [Fact]
    public void Unlabelled_GetLabel_Throws()
    {
        var data = new ByteImageDataset(new byte[4], new ImageShape(1, 2, 2));
        Assert.False(data.HasLabels);
        Assert.Throws<InvalidOperationException>(() => data.GetLabel(0));
    }

    [Fact]
    public void GetPixels_OutOfRange_Throws()
    {
        var data = new ByteImageDataset(new byte[4], new ImageShape(1, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GetPixels(1).Length);
    }
}
