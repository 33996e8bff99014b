using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>
/// The one-dimensional Winograd path of <see cref="InceptionWorkspace.Conv"/> (1 x r and r x 1 convolutions)
/// against the reference convolution and the im2col path: both orientations, 3 and 7 taps, sides that are no
/// multiple of the tile (partial last tile rows), sides shorter than the filter, lines shorter and longer than a
/// vector, channel counts that are no multiple of a vector, activateFrom in the middle, and batches that span
/// several chunks; and the transform matrices themselves.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadsCollection.Name)]
public sealed class LineWinogradConvTests
{
    public static TheoryData<int, bool, int, int, int, int, int, int> Cases => new()
    {
        // taps, vertical (r x 1), channels, outChannels, images, height, width, activateFrom
        { 7, true, 5, 7, 1, 17, 17, 3 },
        { 7, false, 5, 7, 1, 17, 17, 3 },
        { 7, true, 19, 13, 9, 10, 23, 6 },  // 9 images: several chunks, the last one short
        { 7, false, 19, 13, 9, 23, 10, 0 },
        { 7, false, 3, 17, 2, 8, 2, 17 },   // lines shorter than the filter
        { 7, true, 6, 4, 3, 2, 9, 1 },
        { 3, true, 33, 20, 2, 8, 8, 10 },
        { 3, false, 33, 20, 2, 8, 8, 10 },
        { 3, false, 9, 11, 5, 7, 37, 5 },   // a partial tile row, lines of 7 values
        { 3, true, 9, 11, 1, 37, 9, 5 },
        { 3, true, 4, 5, 1, 3, 5, 2 },      // lines of 5 values, narrower than a vector: the im2col path
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv_MatchesTheReferenceAndTheIm2ColPath(int taps, bool vertical, int channels, int outChannels, int images, int height, int width, int activateFrom)
    {
        ConvLayer layer = ConvLayer.Create(Spec(taps, vertical, channels, outChannels), images, height, width);
        Assert.NotNull(layer.Conv.LineWinogradWeight);

        // Bound: rtol times the sum of |w| |x| over the taps. F(6, 7) transforms reach 243 (3^5 in A^T) and 53.4
        // (B^T); its worst error seen on these cases was 1.8e-5 of that sum, about 4x that of F(3, 7). F(4, 3)
        // stays below 5e-6.
        layer.AssertMatchesReferenceAndIm2Col(activateFrom, taps == 7 ? 4e-5 : 2e-5, "line winograd");
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(7, false)]
    [InlineData(3, false)]
    public void Conv_IsTheSameBits_ForEveryBatchSplitAndThreadCount(int taps, bool vertical) =>
        ConvLayer.Create(Spec(taps, vertical, 21, 30), 9, 17, 17).AssertSameBitsForEveryBatchSplitAndThreadCount(activateFrom: 11);

    [Theory]
    [InlineData(2, 3)]
    [InlineData(4, 3)]
    [InlineData(2, 7)]
    [InlineData(3, 7)]
    [InlineData(4, 7)]
    [InlineData(6, 5)]
    [InlineData(6, 7)]
    public void Transforms_ComputeTheCorrelation(int outputs, int taps)
    {
        // A^T [(G g) ∘ (B^T d)] = y with y_i = Σ_j g_j d_(i + j): the coefficient of g_j d_l in output i is
        // Σ_k A^T[i, k] G[k, j] B^T[k, l], which must be 1 for l = i + j and 0 otherwise.
        var transform = new LineWinograd(outputs, taps);
        int points = transform.Points;
        Assert.Equal(outputs + taps - 1, points);
        for (int i = 0; i < outputs; i++)
        {
            for (int j = 0; j < taps; j++)
            {
                for (int l = 0; l < points; l++)
                {
                    double sum = 0;
                    for (int k = 0; k < points; k++)
                    {
                        sum += transform.OutputTransform[(i * points) + k] * transform.FilterTransform[(k * taps) + j] * transform.InputTransform[(k * points) + l];
                    }

                    Assert.True(Math.Abs(sum - (l == i + j ? 1 : 0)) < 1e-12, $"F({outputs}, {taps}): output {i}, tap {j}, input {l} has {sum}");
                }
            }
        }
    }

    [Fact]
    public void OnlyStrideOneSizeKeepingLineConvolutionsOfThreeOrSevenTapsGetLineWeights()
    {
        ConvSpec[] others =
        [
            ConvSpec.Row("five", 2, 3, 5),
            ConvSpec.Square("square", 2, 3, 3, 1, 1),
            new ConvSpec("strided", 2, 3, 1, 7, 2, 0, 3),
            new ConvSpec("unpadded", 2, 3, 7, 1, 1, 0, 0),
            new ConvSpec("padded across", 2, 3, 1, 3, 1, 1, 1),
            ConvSpec.Pointwise("pointwise", 2, 3),
        ];
        foreach (ConvSpec spec in others)
        {
            Assert.False(LineWinograd.Applies(spec), spec.Prefix);
            Assert.Null(Fold(spec).LineWinogradWeight);
        }

        foreach (ConvSpec spec in new[] { Spec(7, true, 2, 3), Spec(7, false, 2, 3), Spec(3, true, 2, 3), Spec(3, false, 2, 3) })
        {
            Assert.True(LineWinograd.Applies(spec), spec.Prefix);
            Assert.NotNull(Fold(spec).LineWinogradWeight);
        }
    }

    [Fact]
    public void UnknownSizes_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LineWinograd.For(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineWinograd(10, 7));
    }

    private static ConvSpec Spec(int taps, bool vertical, int channels, int outChannels) =>
        vertical ? ConvSpec.Column($"{taps}x1", channels, outChannels, taps) : ConvSpec.Row($"1x{taps}", channels, outChannels, taps);

    private static FoldedConv Fold(ConvSpec spec) =>
        FoldedConv.Fold(spec, new float[3 * spec.PatchSize], [1f, 1f, 1f], new float[3], new float[3], [1f, 1f, 1f]);
}
