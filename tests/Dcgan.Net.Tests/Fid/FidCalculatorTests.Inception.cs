using Dcgan.Net.Fid;
using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Fid.Inception;

namespace Dcgan.Net.Tests.Fid;

/// <content>The calculator over pytorch-fid's Inception (torch's checkpoint of the formula weights' stem, 64 features),
/// and the path form's KID.</content>
public sealed partial class FidCalculatorTests
{
    private static readonly string Stem = InceptionFixtures.PathOf("inception_stem_zip.pth");

    [Fact]
    public void FromPytorchFidWeights_loads_the_inception_at_the_asked_level_with_the_options()
    {
        var options = new FidCalculatorOptions { BatchSize = 3, Method = FrechetMethod.PytorchFid };
        var fid = FidCalculator.FromPytorchFidWeights(Stem, 64, options);
        var images = ImageSet.FromTensor(InceptionFixtures.Input(3));

        var inception = Assert.IsType<InceptionV3>(fid.Extractor);
        Assert.Equal(64, inception.Dimensions);
        Assert.Same(options, fid.Options);
        Assert.Equal(InceptionV3.Load(Stem, 64).Extract(InceptionFixtures.Input(3)), fid.ComputeFeatures(images));
        Assert.Contains(
            "Conv2d_3b_1x1", Assert.Throws<InvalidDataException>(() => FidCalculator.FromPytorchFidWeights(Stem, 192)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPytorchFidWeights_without_a_path_takes_the_cached_file_or_says_how_to_get_it()
    {
        string cached = Path.Combine(_folder.File("cache"), InceptionWeights.FileName);

        var missing = Assert.Throws<FileNotFoundException>(() => FidCalculator.FromPytorchFidWeights(null, cached, 64, null));
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.Copy(Stem, cached);
        var fromCache = FidCalculator.FromPytorchFidWeights(null, cached, 64, null);

        Assert.Equal(cached, missing.FileName);
        foreach (string part in new[] { cached, "new InceptionWeights().Download()", InceptionWeights.Url.ToString(), InceptionWeights.Sha256 })
        {
            Assert.Contains(part, missing.Message, StringComparison.Ordinal);
        }

        Tensor input = InceptionFixtures.Input(0);
        Assert.Equal(InceptionV3.Load(Stem, 64).Extract(input), fromCache.ComputeFeatures(ImageSet.FromTensor(input)));
        Assert.Equal(FrechetMethod.Symmetric, fromCache.Options.Method);
        Assert.Throws<ArgumentOutOfRangeException>(() => FidCalculator.FromPytorchFidWeights(null, _folder.File("none.pth"), 100, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => FidCalculator.FromPytorchFidWeights(_folder.File("none.pth"), 1000));
        Assert.Contains(
            "does not exist", Assert.Throws<FileNotFoundException>(() => FidCalculator.FromPytorchFidWeights(_folder.File("none.pth"), 64)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_on_two_image_paths_gives_the_kid_too()
    {
        var fid = new FidCalculator(new ProjectionExtractor(), new FidCalculatorOptions { Kid = new KidOptions { SubsetCount = 4, SubsetSize = 20 } });

        var fromPaths = fid.Compute(_real, _fake);
        var fromSets = fid.Compute(ImageSet.FromFolder(_real), ImageSet.FromFolder(_fake));

        Assert.Equal(fromSets.Distance, fromPaths.Distance);
        Assert.Equal(fromSets.Kid!.SubsetValues, fromPaths.Kid!.SubsetValues);
        Assert.DoesNotContain(fromPaths.Warnings, w => w.Contains("KID", StringComparison.Ordinal));
    }
}
