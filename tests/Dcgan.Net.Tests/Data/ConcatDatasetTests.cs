using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class ConcatDatasetTests
{
    private static ByteImageDataset Part(byte first, int count, int? label = null) =>
        new([.. Enumerable.Range(0, count).Select(i => (byte)(first + i))], new ImageShape(1, 1, 1),
            label is null ? null : [.. Enumerable.Repeat(label.Value, count)]);

    [Fact]
    public void Indexes_RunThroughPartsInOrder_SkippingEmptyParts()
    {
        var data = new ConcatDataset(Part(0, 3, 1), Part(100, 0, 9), Part(50, 2, 2));

        Assert.Equal(5, data.Count);
        float[] values = [.. Enumerable.Range(0, 5).Select(i => data.GetImage(i).Item())];
        Assert.Equal([0f, 1, 2, 50, 51], values);
        Assert.Equal([1, 1, 1, 2, 2], Enumerable.Range(0, 5).Select(data.GetLabel));
        Assert.True(data.HasLabels);
        Assert.Equal(3, data.Parts.Count);
    }

    [Fact]
    public void HasLabels_FalseWhenAnyPartIsUnlabelled()
    {
        var data = new ConcatDataset(Part(0, 1, 1), Part(0, 1));
        Assert.False(data.HasLabels);
        Assert.Throws<InvalidOperationException>(() => data.GetLabel(0));
    }

    [Fact]
    public void Constructor_ShapeMismatch_ThrowsNamingShapes()
    {
        var other = new ByteImageDataset(new byte[4], new ImageShape(1, 2, 2));
        var ex = Assert.Throws<ArgumentException>(() => new ConcatDataset(Part(0, 1), other));
        Assert.Contains("[1, 2, 2]", ex.Message);
        Assert.Contains("[1, 1, 1]", ex.Message);
    }

    [Fact]
    public void Constructor_NoParts_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ConcatDataset());
    }
}
