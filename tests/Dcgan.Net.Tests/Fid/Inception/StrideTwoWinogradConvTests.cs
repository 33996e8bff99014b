using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

/// <summary>
/// The stride-2 Winograd path of <see cref="InceptionWorkspace.Conv"/> (<see cref="StrideTwoWinograd"/>, <see cref="SeparableWinogradConv"/>) against the
/// reference convolution and the im2col path for every tile side, on odd and even sizes (partial edge tiles), both
/// paddings, outputs smaller than a tile, channel counts that are no multiple of a vector, activateFrom in the
/// middle, several images and several chunks, on every instruction set.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadsCollection.Name)]
public sealed class StrideTwoWinogradConvTests
{
    public static TheoryData<int, int, int, int, int, int, int> Cases => new()
    {
        // channels, outChannels, images, height, width, padding, activateFrom
        { 5, 7, 1, 9, 11, 0, 3 },
        { 19, 13, 3, 10, 7, 1, 6 },
        { 3, 17, 3, 13, 13, 0, 0 },
        { 33, 20, 1, 6, 5, 1, 20 },
        { 2, 3, 3, 3, 3, 0, 1 },      // one output per image
        { 4, 5, 3, 4, 3, 1, 2 },
        { 40, 50, 3, 71, 69, 0, 17 }, // 35 x 34 outputs: 972 tiles of 2 x 2 in several chunks
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv_MatchesTheReferenceAndTheIm2ColPath_ForEveryTileSide(int channels, int outChannels, int images, int height, int width, int padding, int activateFrom)
    {
        ConvLayer layer = ConvLayer.Create(ConvSpec.Square("strided", channels, outChannels, 3, 2, padding), images, height, width);
        foreach (int tile in new[] { 2, 3, 4 })
        {
            // B^T and A^T hold 0, ±1, ±2, ±3 and ±8 at most, G halves and sixths: a few roundings of the sum |w| |x|.
            (layer with { StrideTwoTile = tile }).AssertMatchesReferenceAndIm2Col(activateFrom, 1e-5, $"stride-2 winograd {tile}x{tile}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Conv_IsTheSameBits_ForEveryBatchSplitAndThreadCount(int tile) =>
        (ConvLayer.Create(ConvSpec.Square("strided", 21, 30, 3, 2, 0), 3, 35, 33) with { StrideTwoTile = tile })
            .AssertSameBitsForEveryBatchSplitAndThreadCount(activateFrom: 11);

    [Fact]
    public void TileChoice_TakesTheFewestProducts()
    {
        Assert.Equal(3, StrideTwoWinograd.TileFor(17, 17)); // 36 tiles of 49 points, not 25 of 81 or 81 of 25
        Assert.Equal(4, StrideTwoWinograd.TileFor(8, 8));   // 4 tiles of 81 points
        Assert.Equal(2, StrideTwoWinograd.TileFor(2, 2));
        Assert.Equal(2, StrideTwoWinograd.TileFor(1, 1));   // ties go to the smaller tile
    }

    [Fact]
    public void Transforms_ComputeTheStrideTwoFilter_Exactly()
    {
        // Y = A^T [(G g G^T) ∘ (B^T d B)] A in float64 with the float32 transforms against the direct sum.
        var random = new Random(5);
        foreach (int m in new[] { 2, 3, 4 })
        {
            SeparableWinograd transform = StrideTwoWinograd.For(m);
            int n = transform.Side;
            float[] kernel = [.. Enumerable.Range(0, 9).Select(_ => (random.NextSingle() * 2) - 1)];
            float[] patch = [.. Enumerable.Range(0, n * n).Select(_ => (random.NextSingle() * 2) - 1)];
            float[] u = transform.TransformWeights(ConvSpec.Square("one", 1, 1, 3, 2, 0), kernel);
            double[] inputTransform = Wide(transform.InputTransform);
            double[] outputTransform = Wide(transform.OutputTransform);
            double[] v = Multiply(inputTransform, n, n, Wide(patch), n, transposeRight: false);
            v = Multiply(v, n, n, inputTransform, n, transposeRight: true);
            double[] product = [.. Enumerable.Range(0, n * n).Select(k => v[k] * u[transform.FilterOf(k)])];
            double[] y = Multiply(outputTransform, m, n, product, n, transposeRight: false);
            y = Multiply(y, m, n, outputTransform, m, transposeRight: true);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    double direct = 0;
                    for (int a = 0; a < 3; a++)
                    {
                        for (int b = 0; b < 3; b++)
                        {
                            direct += kernel[(a * 3) + b] * (double)patch[(((2 * i) + a) * n) + (2 * j) + b];
                        }
                    }

                    Assert.True(Math.Abs(y[(i * m) + j] - direct) < 1e-6, $"m={m} output ({i}, {j}): {y[(i * m) + j]} vs {direct}");
                }
            }
        }
    }

    [Fact]
    public void BadTileOrKernel_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StrideTwoWinograd.For(5));
        Assert.Throws<ArgumentException>(() => StrideTwoWinograd.For(3).TransformWeights(ConvSpec.Square("s1", 1, 1, 3, 1, 0), new float[9]));
        ConvLayer layer = ConvLayer.Create(ConvSpec.Square("strided", 2, 3, 3, 2, 0), 1, 7, 7) with { StrideTwoTile = 1 };
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Run(new InceptionWorkspace { StrideTwoTile = 1 }, 0, im2col: false));
    }

    private static double[] Wide(float[] values) => [.. values.Select(x => (double)x)];

    /// <summary>left [rows, inner] x right ([inner, columns], or [columns, inner] transposed), row-major.</summary>
    private static double[] Multiply(double[] left, int rows, int inner, double[] right, int columns, bool transposeRight)
    {
        var result = new double[rows * columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                double sum = 0;
                for (int k = 0; k < inner; k++)
                {
                    sum += left[(i * inner) + k] * (transposeRight ? right[(j * inner) + k] : right[(k * columns) + j]);
                }

                result[(i * columns) + j] = sum;
            }
        }

        return result;
    }
}
