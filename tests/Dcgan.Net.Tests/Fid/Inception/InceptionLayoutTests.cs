using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Tests.Fid.Inception;

public sealed class InceptionLayoutTests
{
    [Fact]
    public void Convolutions_AreTorchvisionsInStateDictOrder()
    {
        // inception_layout.json is torch's own state_dict() of the FID model (566 entries).
        var torch = InceptionFixtures.Layout().Where(e => e.Name.EndsWith(".conv.weight", StringComparison.Ordinal)).ToList();

        Assert.Equal(94, InceptionLayout.Convolutions.Count);
        Assert.Equal(torch.Select(e => e.Name[..^".conv.weight".Length]), InceptionLayout.Convolutions.Select(c => c.Prefix));
        Assert.Equal(torch.Select(e => string.Join(",", e.Shape)), InceptionLayout.Convolutions.Select(c => string.Join(",", c.WeightShape)));
    }

    [Fact]
    public void ExpectedShapes_CoverEveryFloatTensorOfTheFile()
    {
        var torch = InceptionFixtures.Layout().Where(e => e.DataType == "float32").ToList();

        Assert.Equal(torch.Select(e => e.Name), InceptionStateDict.ExpectedShapes.Keys);
        Assert.All(torch, e => Assert.Equal(e.Shape, InceptionStateDict.ExpectedShapes[e.Name]));
        Assert.All(InceptionFixtures.Layout().Where(e => e.DataType != "float32"), e => Assert.EndsWith("num_batches_tracked", e.Name));
    }

    [Theory]
    [InlineData(64, 3, "Conv2d_2b_3x3")]
    [InlineData(192, 5, "Conv2d_4a_3x3")]
    [InlineData(768, 70, "Mixed_6e.branch_pool")]
    [InlineData(2048, 94, "Mixed_7c.branch_pool")]
    public void ConvolutionsFor_StopAtTheLevelsBlock(int dimensions, int count, string last)
    {
        var needed = InceptionLayout.ConvolutionsFor(dimensions).ToList();

        Assert.Equal(count, needed.Count);
        Assert.Equal(last, needed[^1].Prefix);
    }

    [Fact]
    public void Geometry_FollowsTheSpecsSizes()
    {
        int side = InceptionLayout.InputSize;
        var sides = new List<int>();
        foreach (ConvSpec spec in InceptionLayout.Stem)
        {
            side = spec.OutHeight(side);
            sides.Add(side);
        }

        Assert.Equal([149, 147, 147, 147, 145], sides);
        var rowConv = InceptionLayout.Convolutions.Single(c => c.Prefix == "Mixed_6b.branch7x7_2");
        Assert.Equal((1, 7, 0, 3), (rowConv.KernelH, rowConv.KernelW, rowConv.PadH, rowConv.PadW));
        Assert.Equal(17, rowConv.OutHeight(17));
        Assert.Equal(17, rowConv.OutWidth(17));
    }
}
