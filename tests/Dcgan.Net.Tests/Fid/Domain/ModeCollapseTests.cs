using Dcgan.Net.Fid.Domain;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Fid.Domain;

/// <summary>
/// The homework's check end to end with the shipped classifier: a generator that always draws the same trouser
/// collapses, real test images do not (against uniform and against the classifier's shares on other real images),
/// and inputs below the homework's 50 samples or with bad expected shares are rejected.
/// </summary>
public class ModeCollapseTests
{
    [Fact]
    public void A_generator_that_always_draws_one_item_collapses()
    {
        int trouser = Enumerable.Range(0, 100).First(i => DomainFixtures.FashionTest.GetLabel(i) == 1);
        var image = DomainFixtures.FashionImages(trouser, 1).MulScalar(2f).AddScalar(-1f);
        var report = ModeCollapse.Analyze(DomainFixtures.FashionClassifier, new ConstantGenerator(image), new ModeCollapseOptions { SampleCount = 200 });
        Assert.Equal(ModeCollapseVerdict.Collapse, report.Verdict);
        Assert.Equal(200, report.SampleCount);
        Assert.Equal(1, report.LargestClass);
        Assert.Equal(1.0, report.LargestShare);
        Assert.Equal(9, report.MissingClasses.Count);
        Assert.True(report.PValue < 1e-100);
    }

    [Fact]
    public void Real_test_images_do_not_collapse()
    {
        var classifier = DomainFixtures.FashionClassifier;
        var images = DomainFixtures.FashionImages(0, 1000);
        var uniform = ModeCollapse.Analyze(classifier, images);
        Assert.Equal(ModeCollapseVerdict.NoCollapse, uniform.Verdict);
        Assert.Empty(uniform.MissingClasses);
        Assert.True(uniform.IsUniform);

        var shares = ModeCollapse.ClassShares(classifier, DomainFixtures.FashionSlice(1000, 4000));
        Assert.Equal(1.0, shares.Sum(), 1e-12);
        var matched = ModeCollapse.Analyze(classifier, images, new ModeCollapseOptions { ExpectedShares = shares });
        Assert.Equal(ModeCollapseVerdict.NoCollapse, matched.Verdict);
        Assert.False(matched.IsUniform);
    }

    [Fact]
    public void Fewer_than_fifty_samples_or_bad_shares_are_rejected()
    {
        string[] names = ["a", "b", "c"];
        var few = Assert.Throws<ArgumentException>(() => ModeCollapse.FromPredictions(new int[49], names));
        Assert.Contains("at least 50", few.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModeCollapseOptions { SampleCount = 49 }.Validate());
        var outOfRange = Assert.Throws<ArgumentException>(() => ModeCollapse.FromPredictions(Enumerable.Repeat(3, 60).ToArray(), names));
        Assert.Contains("class 3", outOfRange.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModeCollapse.FromPredictions(new int[60], names, new ModeCollapseOptions { ExpectedShares = [1, 1] }));
        Assert.Throws<ArgumentException>(() => ModeCollapse.FromPredictions(new int[60], names, new ModeCollapseOptions { ExpectedShares = [1, -1, 1] }));
        Assert.Throws<ArgumentException>(() => ModeCollapse.FromPredictions(new int[60], names, new ModeCollapseOptions { ExpectedShares = [0, 0, 0] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModeCollapse.FromPredictions(new int[60], names, new ModeCollapseOptions { Significance = 1 }));
    }

    /// <summary>Draws the same image for every z: the extreme of mode collapse.</summary>
    private sealed class ConstantGenerator(Tensor image) : GeneratorModule
    {
        public override int LatentDim => 4;

        public override (int Channels, int Height, int Width) ImageShape => (1, 32, 32);

        public override Tensor Forward(Tensor input)
        {
            CheckNoise(input);
            return Tensor.Cat(Enumerable.Repeat(image, input.Size(0)).ToArray());
        }
    }
}
