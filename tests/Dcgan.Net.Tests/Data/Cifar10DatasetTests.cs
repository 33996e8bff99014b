using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class Cifar10DatasetTests
{
    private static string Folder => DataFixtures.FixturePath("cifar-10-batches-bin");

    [Fact]
    public void Load_NormalisesAndKeepsLabels()
    {
        ImageDataset data = Cifar10Dataset.Load(Folder, train: false);
        ByteImageDataset raw = CifarReader.ReadFolder(Folder, train: false);
        Assert.Equal(new ImageShape(3, 32, 32), data.ImageShape);
        float[] image = data.GetImage(1).ToArray();
        ReadOnlySpan<byte> pixels = raw.GetPixels(1);
        for (int i = 0; i < pixels.Length; i++)
        {
            Assert.Equal((pixels[i] / 127.5f) - 1f, image[i]);
        }

        Assert.Equal(raw.GetLabel(1), data.GetLabel(1));
        Assert.Equal("truck", Cifar10Dataset.ClassNames[9]);
    }

    [Fact]
    public void Load_OtherSize_ResizesBilinearly()
    {
        ImageDataset data = Cifar10Dataset.Load(Folder, train: false, imageSize: 16, range: PixelScale.ZeroToOne);
        Assert.Equal(new ImageShape(3, 16, 16), data.ImageShape);
        ReadOnlySpan<byte> raw = CifarReader.ReadFolder(Folder, train: false).GetPixels(0);

        // Halving with align_corners=False samples the midpoint of each 2x2 block.
        float expected = (raw[(1 * 1024) + (2 * 32) + 4] + raw[(1 * 1024) + (2 * 32) + 5] + raw[(1 * 1024) + (3 * 32) + 4] + raw[(1 * 1024) + (3 * 32) + 5]) / 4f / 255f;
        Assert.Equal(expected, data.GetImage(0)[1, 1, 2], 5);
    }
}
