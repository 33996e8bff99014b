using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

public sealed class Pool3x3KernelsTests
{
    // (planes, height, width, stride): every Inception-v3 3x3 pool, odd and small sizes, planes past the stack limit.
    public static TheoryData<int, int, int, int> Geometries => new()
    {
        { 3, 147, 147, 2 },
        { 2, 71, 71, 2 },
        { 3, 35, 35, 2 },
        { 5, 17, 17, 2 },
        { 2, 3, 3, 2 },
        { 2, 4, 9, 2 },
        { 3, 35, 35, 1 },
        { 5, 17, 17, 1 },
        { 7, 8, 8, 1 },
        { 2, 2, 2, 1 },
        { 2, 2, 9, 1 },
        { 3, 9, 2, 1 },
        { 2, 61, 50, 1 },
        { 0, 5, 5, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MaxPool_EqualsRowByRowKernel(int planes, int height, int width, int stride) =>
        AssertEqualsRowByRow(planes, height, width, stride, average: false);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void AvgPool_EqualsRowByRowKernel(int planes, int height, int width, int stride) =>
        AssertEqualsRowByRow(planes, height, width, stride, average: true);

    [Theory]
    [InlineData(35, 35, 1, 1, true)]
    [InlineData(17, 17, 2, 0, true)]
    [InlineData(1, 7, 1, 1, false)]
    [InlineData(7, 1, 1, 1, false)]
    [InlineData(2, 5, 2, 0, false)]
    [InlineData(9, 9, 1, 0, false)]
    [InlineData(9, 9, 2, 1, false)]
    [InlineData(9, 9, 3, 1, false)]
    public void Handles_OnlyTheTwoInceptionWindows(int height, int width, int stride, int padding, bool expected)
    {
        Assert.Equal(expected, Pool3x3Kernels.Handles(height, width, 3, stride, padding));
        Assert.False(Pool3x3Kernels.Handles(height, width, 5, stride, padding));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MaxPool_PropagatesNaNAndPrefersPositiveZero(int stride)
    {
        // 41 columns: at stride 2 the first 16 windows of a row take the AVX-512 path, the rest the scalar loop.
        const int Height = 9;
        const int Width = 41;
        int padding = stride == 1 ? 1 : 0;
        float[] input = [.. Enumerable.Repeat(-0f, Height * Width)];
        input[(4 * Width) + 20] = float.NaN;
        input[(2 * Width) + 36] = float.NaN;
        input[2] = 0f;
        int outH = Pool2dKernels.OutputSize(Height, 3, stride, padding);
        int outW = Pool2dKernels.OutputSize(Width, 3, stride, padding);
        var rows = new float[outH * outW];
        Pool2dKernels.PoolByRows(input, rows, 1, Height, Width, 3, stride, padding, average: false);

        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            var fast = new float[rows.Length];
            using (CpuFeatures.Force(isa))
            {
                Pool2dKernels.MaxPool(input, fast, 1, Height, Width, 3, stride, padding);
            }

            Assert.Equal(rows.Select(BitConverter.SingleToInt32Bits), fast.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(stride == 1 ? 18 : 8, fast.Count(float.IsNaN));
            Assert.Contains(fast, v => v == 0f && !float.IsNegative(v));
        }
    }

    private static void AssertEqualsRowByRow(int planes, int height, int width, int stride, bool average)
    {
        int padding = stride == 1 ? 1 : 0;
        Assert.True(planes == 0 || Pool3x3Kernels.Handles(height, width, 3, stride, padding));
        int outH = Pool2dKernels.OutputSize(height, 3, stride, padding);
        int outW = Pool2dKernels.OutputSize(width, 3, stride, padding);
        float[] input = KernelTestData.Random(planes * height * width, (height * 17) + width + stride);
        var fast = new float[planes * outH * outW];
        var rows = new float[fast.Length];
        Pool2dKernels.PoolByRows(input, rows, planes, height, width, 3, stride, padding, average);
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            Array.Clear(fast);
            using (CpuFeatures.Force(isa))
            {
                if (average)
                {
                    Pool2dKernels.AvgPoolExcludePadding(input, fast, planes, height, width, 3, stride, padding);
                }
                else
                {
                    Pool2dKernels.MaxPool(input, fast, planes, height, width, 3, stride, padding);
                }
            }

            KernelTestData.AssertBitIdentical(rows, fast, $"{(average ? "average" : "max")} pool on {isa}");
        }
    }
}
