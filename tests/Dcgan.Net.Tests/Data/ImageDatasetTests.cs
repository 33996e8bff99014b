using Dcgan.Net.Data;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Data;

public class ImageDatasetTests
{
    private static readonly ByteImageDataset Small = new([10, 20, 30, 40, 50, 60, 70, 80], new ImageShape(1, 2, 2), [1, 2]);

    [Fact]
    public void CopyImage_ChecksIndexAndDestination()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Small.CopyImage(2, new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Small.CopyImage(-1, new float[4]));
        var ex = Assert.Throws<ArgumentException>(() => Small.CopyImage(0, new float[3]));
        Assert.Contains("[1, 2, 2]", ex.Message);
    }

    [Fact]
    public void GetImage_ReturnsChwTensor()
    {
        Tensor image = Small.GetImage(1);
        Assert.Equal([1, 2, 2], image.Shape.ToArray());
        Assert.Equal([50f, 60, 70, 80], image.ToArray());
    }

    [Fact]
    public void WithTransforms_ChainsInOrderAndKeepsLabels()
    {
        ImageDataset data = Small.WithTransforms(ImageTransform.Pad(1), ImageTransform.Normalize(PixelScale.MinusOneToOne));

        Assert.Equal(new ImageShape(1, 4, 4), data.ImageShape);
        float[] image = data.GetImage(0).ToArray();
        Assert.Equal(-1f, image[0]);
        Assert.Equal((10f / 127.5f) - 1f, image[5]);
        Assert.Equal((40f / 127.5f) - 1f, image[10]);
        Assert.Equal(2, data.GetLabel(1));
    }

    [Fact]
    public void WithTransforms_ThreeStagesIncludingAGrowingOne()
    {
        ImageDataset data = Small.WithTransforms(ImageTransform.Pad(2), ImageTransform.Resize(3, 3), ImageTransform.Normalize(PixelScale.ZeroToOne));
        Assert.Equal(new ImageShape(1, 3, 3), data.ImageShape);

        // 6x6 -> 3x3 samples 2x2 block midpoints: the centre block holds the four original pixels.
        Assert.Equal((10f + 20 + 30 + 40) / 4 / 255, data.GetImage(0)[0, 1, 1], 6);
        Assert.Equal(0f, data.GetImage(0)[0, 0, 0]);
    }

    [Fact]
    public void WithTransforms_None_IsTheSameImages()
    {
        Assert.Equal(Small.GetImage(1).ToArray(), Small.WithTransforms().GetImage(1).ToArray());
    }

    [Fact]
    public void Batches_OneEpochOfTensors()
    {
        var data = new ByteImageDataset(new byte[10 * 4], new ImageShape(1, 2, 2));
        var shapes = data.Batches(3).Select(t => t.Shape.ToArray()).ToList();
        Assert.Equal(3, shapes.Count);
        Assert.All(shapes, s => Assert.Equal([3, 1, 2, 2], s));
        Assert.Equal(4, data.Batches(3, dropLast: false).Count());
    }
}
