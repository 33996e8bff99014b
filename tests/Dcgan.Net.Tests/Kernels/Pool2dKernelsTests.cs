using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

public sealed class Pool2dKernelsTests
{
    // (planes, height, width, kernel, stride, padding): the three Inception pools on odd sizes, plus other shapes.
    public static TheoryData<int, int, int, int, int, int> Geometries => new()
    {
        { 3, 7, 5, 3, 2, 0 },
        { 2, 35, 35, 3, 2, 0 },
        { 4, 17, 17, 3, 2, 0 },
        { 3, 9, 11, 3, 1, 1 },
        { 5, 8, 8, 3, 1, 1 },
        { 2, 1, 1, 3, 1, 1 },
        { 2, 1, 7, 3, 1, 1 },
        { 1, 13, 6, 2, 3, 1 },
        { 2, 300, 23, 5, 2, 2 },
        { 0, 4, 4, 3, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MaxPool_MatchesReferenceBitForBit(int planes, int height, int width, int kernel, int stride, int padding)
    {
        (float[] input, float[] fast, float[] reference) = Buffers(planes, height, width, kernel, stride, padding);

        Pool2dKernels.MaxPool(input, fast, planes, height, width, kernel, stride, padding);
        Pool2dReference.MaxPool(input, reference, planes, height, width, kernel, stride, padding);

        KernelTestData.AssertBitIdentical(reference, fast, "max pool");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void AvgPoolExcludePadding_MatchesReference(int planes, int height, int width, int kernel, int stride, int padding)
    {
        (float[] input, float[] fast, float[] reference) = Buffers(planes, height, width, kernel, stride, padding);

        Pool2dKernels.AvgPoolExcludePadding(input, fast, planes, height, width, kernel, stride, padding);
        Pool2dReference.AvgPoolExcludePadding(input, reference, planes, height, width, kernel, stride, padding);

        // A float32 sum of at most 25 values in [-1, 1) against the float64 one: a few units of 2^-24 of the sum of |x|.
        float[] scale = [.. reference.Select(_ => 1f)];
        KernelTestData.AssertClose(reference, fast, scale, 1e-6, 0, "average pool");
    }

    [Fact]
    public void AvgPoolExcludePadding_DividesByTheInBoundsCount()
    {
        float[] ones = [.. Enumerable.Repeat(1f, 12)];
        float[] input = [.. Enumerable.Range(0, 12).Select(i => (float)i)];
        var output = new float[12];

        Pool2dKernels.AvgPoolExcludePadding(ones, output, 1, 3, 4, 3, 1, 1);
        Assert.All(output, v => Assert.Equal(1f, v));

        Pool2dKernels.AvgPoolExcludePadding(input, output, 1, 3, 4, 3, 1, 1);
        Assert.Equal((0f + 1 + 4 + 5) / 4, output[0]);
        Assert.Equal((0f + 1 + 2 + 4 + 5 + 6) / 6, output[1]);
        Assert.Equal(5f, output[5]);
    }

    [Fact]
    public void MaxPool_PaddingNeverWins()
    {
        float[] input = [-3f, -2f, -5f, -4f];
        var output = new float[4];

        Pool2dKernels.MaxPool(input, output, 1, 2, 2, 3, 1, 1);

        Assert.All(output, v => Assert.Equal(-2f, v));
    }

    [Theory]
    [InlineData(4, 4, 3, 1, 2)]
    [InlineData(2, 2, 3, 1, 0)]
    [InlineData(4, 4, 3, 0, 1)]
    [InlineData(0, 4, 3, 1, 1)]
    public void InvalidGeometry_Throws(int height, int width, int kernel, int stride, int padding)
    {
        var ex = Assert.Throws<ArgumentException>(() => Pool2dKernels.MaxPool(new float[16], new float[16], 1, height, width, kernel, stride, padding));
        Assert.Contains($"{kernel}", ex.Message);
    }

    [Fact]
    public void WrongSpanLength_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Pool2dKernels.AvgPoolExcludePadding(new float[25], new float[8], 1, 5, 5, 3, 2, 0));
        Assert.Contains("4 output values, got 25 and 8", ex.Message);
    }

    private static (float[] Input, float[] Fast, float[] Reference) Buffers(int planes, int height, int width, int kernel, int stride, int padding)
    {
        int outH = Pool2dKernels.OutputSize(height, kernel, stride, padding);
        int outW = Pool2dKernels.OutputSize(width, kernel, stride, padding);
        float[] input = KernelTestData.Random(planes * height * width, (height * 31) + width);
        return (input, new float[planes * outH * outW], new float[planes * outH * outW]);
    }
}
