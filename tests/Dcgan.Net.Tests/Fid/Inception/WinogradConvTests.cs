using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>
/// The Winograd F(2x2, 3x3) and F(4x4, 3x3) paths of <see cref="InceptionWorkspace.Conv"/> against the reference
/// convolution and the im2col path, on odd sizes (partial edge tiles), both paddings, channel counts that are no
/// multiple of a vector, activateFrom in the middle, one and three images, several chunks, and every instruction set.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadsCollection.Name)]
public sealed class WinogradConvTests
{
    public static TheoryData<int, int, int, int, int, int, int> Cases => new()
    {
        // channels, outChannels, images, height, width, padding, activateFrom
        { 5, 7, 1, 9, 11, 1, 3 },
        { 19, 13, 3, 10, 7, 0, 6 },
        { 3, 17, 3, 13, 13, 1, 0 },
        { 33, 20, 1, 6, 5, 0, 20 },
        { 2, 3, 3, 3, 3, 0, 1 },
        { 4, 5, 3, 1, 2, 1, 2 },
        { 40, 50, 3, 29, 31, 1, 17 }, // 720 tiles in chunks of 192, the chunks starting inside tile rows and images
        { 9, 11, 1, 37, 36, 0, 5 },   // runs of 17 and 18 tiles, longer than an AVX-512 vector
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv_MatchesTheReferenceAndTheIm2ColPath(int channels, int outChannels, int images, int height, int width, int padding, int activateFrom)
    {
        ConvLayer layer = ConvLayer.Square(channels, outChannels, images, height, width, padding);

        // Bound: rtol times the sum of |w| |x| over the taps (the transforms add at most a few roundings).
        layer.AssertMatchesReferenceAndIm2Col(activateFrom, 1e-5, "winograd F(2x2)", winogradTile: 2);

        // F(4x4)'s transforms reach 5 (B^T) and 8 (A^T), yet both stayed below 2e-6 of the sum on these cases.
        layer.AssertMatchesReferenceAndIm2Col(activateFrom, 1e-5, "winograd F(4x4)", winogradTile: 4);
    }

    public static TheoryData<int, int, int, int, int, int, int> FiveByFiveCases => new()
    {
        // channels, outChannels, images, height, width, padding, activateFrom
        { 5, 7, 1, 9, 11, 2, 3 },
        { 19, 13, 3, 10, 7, 0, 6 },
        { 3, 4, 2, 4, 3, 2, 1 },      // sides shorter than the kernel
        { 48, 64, 3, 35, 35, 2, 20 }, // the Mixed_5 shape: 1728 tiles in chunks
    };

    [Theory]
    [MemberData(nameof(FiveByFiveCases))]
    public void FiveByFive_MatchesTheReferenceAndTheIm2ColPath(int channels, int outChannels, int images, int height, int width, int padding, int activateFrom)
    {
        ConvLayer layer = ConvLayer.Create(ConvSpec.Square("five", channels, outChannels, 5, 1, padding), images, height, width);
        Assert.True(layer.Conv.HasSixPointWinograd);

        // F(m x m, 5x5) wherever WinogradConv.UsesSixPoints (always on the portable kernels), im2col on AVX-512.
        foreach (int tile in new[] { 2, 3, 4 })
        {
            (layer with { FiveByFiveTile = tile }).AssertMatchesReferenceAndIm2Col(activateFrom, 1e-5, $"winograd F({tile}x{tile}, 5x5)");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void FiveByFive_IsTheSameBits_ForEveryBatchSplitAndThreadCount(int tile) =>
        (ConvLayer.Create(ConvSpec.Square("five", 21, 30, 5, 1, 2), 3, 17, 19) with { FiveByFiveTile = tile })
            .AssertSameBitsForEveryBatchSplitAndThreadCount(activateFrom: 11);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Conv_IsTheSameBits_ForEveryBatchSplitAndThreadCount(int tile) =>
        ConvLayer.Square(40, 50, 3, 29, 31, 1).AssertSameBitsForEveryBatchSplitAndThreadCount(activateFrom: 17, winogradTile: tile);

    [Fact]
    public void TileChoice_IsTwoOrFour_AndOtherSidesThrow()
    {
        Assert.Equal(2, WinogradConv.TileFor(KernelIsa.Avx512));
        Assert.Equal(4, WinogradConv.TileFor(KernelIsa.Avx2));
        ConvLayer layer = ConvLayer.Square(2, 3, 1, 5, 5, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Run(new InceptionWorkspace { WinogradTile = 3 }, 0, im2col: false));
    }

    [Fact]
    public void OnlyThreeByThreeStrideOneConvolutionsGetWinogradWeights()
    {
        Assert.NotNull(ConvLayer.Square(2, 3, 1, 5, 5, 1).Conv.WinogradWeight);
        Assert.NotNull(ConvLayer.Square(2, 3, 1, 5, 5, 0).Conv.WinogradWeight);
        var strided = ConvSpec.Square("strided", 2, 3, 3, 2, 0);
        var row = ConvSpec.Row("row", 2, 3, 3);
        foreach (ConvSpec spec in new[] { strided, row, ConvSpec.Pointwise("pointwise", 2, 3) })
        {
            FoldedConv conv = FoldedConv.Fold(spec, new float[3 * spec.PatchSize], [1f, 1f, 1f], new float[3], new float[3], [1f, 1f, 1f]);
            Assert.Null(conv.WinogradWeight);
        }
    }
}
