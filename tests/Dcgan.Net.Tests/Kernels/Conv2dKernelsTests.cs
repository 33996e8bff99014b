using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

/// <summary>
/// <see cref="Conv2dKernels"/> against the direct loops of <see cref="Conv2dReference"/> (float64 sums). Tolerance:
/// 1e-5 times the sum of absolute products behind each element, plus 1e-6.
/// </summary>
[Trait("Category", "Simd")]
[Collection(EngineThreadsCollection.Name)]
public sealed class Conv2dKernelsTests
{
    private const double RelativeTolerance = 1e-5;
    private const double AbsoluteTolerance = 1e-6;

    private static readonly Dictionary<string, Conv2dGeometry> s_geometries = new()
    {
        // Batch, InChannels, Height, Width, OutChannels, KernelH, KernelW, StrideH, StrideW, PadH, PadW
        ["pixel-pointwise"] = new(1, 3, 1, 1, 5, 1, 1, 1, 1, 0, 0),
        ["pixel-3x3-pad1"] = new(1, 2, 1, 1, 3, 3, 3, 1, 1, 1, 1),
        ["pointwise-odd"] = new(3, 17, 5, 3, 9, 1, 1, 1, 1, 0, 0),
        ["nonsquare-3x2-stride2x1-pad1x0"] = new(2, 3, 7, 5, 4, 3, 2, 2, 1, 1, 0),
        ["dcgan-4x4-stride2-pad1"] = new(3, 5, 9, 11, 6, 4, 4, 2, 2, 1, 1),
        ["inception-1x7"] = new(2, 4, 6, 9, 3, 1, 7, 1, 1, 0, 3),
        ["inception-7x1"] = new(2, 4, 9, 6, 3, 7, 1, 1, 1, 3, 0),
        ["1x7-stride1x2-pad0x3"] = new(2, 3, 5, 13, 4, 1, 7, 1, 2, 0, 3),
        ["3x3-stride3-pad2"] = new(2, 2, 11, 10, 3, 3, 3, 3, 3, 2, 2),
        ["kernel-covers-image"] = new(2, 8, 4, 4, 1, 4, 4, 1, 1, 0, 0),
        ["1x1-stride2"] = new(2, 3, 7, 7, 4, 1, 1, 2, 2, 0, 0),
        ["stride-larger-than-kernel"] = new(1, 2, 10, 9, 3, 2, 3, 3, 4, 1, 2),
        ["partial-last-group"] = new(5, 3, 8, 8, 4, 3, 3, 1, 1, 1, 1),
        ["dense-strided"] = new(3, 5, 3, 2, 7, 3, 2, 2, 3, 0, 0),
        ["batch64-grouped"] = new(64, 8, 16, 16, 16, 4, 4, 2, 2, 1, 1),
    };

    public static TheoryData<string> Geometries => new(s_geometries.Keys);

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_MatchesReference(string name)
    {
        Conv2dGeometry g = s_geometries[name];
        float[] input = KernelTestData.Random(g.Batch * g.InputImageSize, 1);
        float[] weight = KernelTestData.Random(g.WeightSize, 2);
        float[] expected = new float[g.Batch * g.OutputImageSize];
        float[] scale = new float[expected.Length];
        Conv2dReference.Forward(input, weight, expected, g);
        Conv2dReference.Forward(Abs(input), Abs(weight), scale, g);
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            float[] actual = KernelTestData.Random(expected.Length, 3);
            using (CpuFeatures.Force(isa))
            {
                Conv2dKernels.Forward(input, weight, actual, g);
            }

            KernelTestData.AssertClose(expected, actual, scale, RelativeTolerance, AbsoluteTolerance, $"{name} forward {isa}");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardInput_MatchesReference(string name)
    {
        Conv2dGeometry g = s_geometries[name];
        float[] gradOutput = KernelTestData.Random(g.Batch * g.OutputImageSize, 4);
        float[] weight = KernelTestData.Random(g.WeightSize, 5);
        float[] initial = KernelTestData.Random(g.Batch * g.InputImageSize, 6);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] expected = (float[])initial.Clone();
            float[] scale = Abs(initial);
            Conv2dReference.BackwardInput(gradOutput, weight, expected, g, accumulate);
            Conv2dReference.BackwardInput(Abs(gradOutput), Abs(weight), scale, g, accumulate);
            foreach (KernelIsa isa in CpuFeatures.Supported)
            {
                float[] actual = (float[])initial.Clone();
                using (CpuFeatures.Force(isa))
                {
                    Conv2dKernels.BackwardInput(gradOutput, weight, actual, g, accumulate);
                }

                KernelTestData.AssertClose(expected, actual, scale, RelativeTolerance, AbsoluteTolerance, $"{name} backward-input {isa} accumulate={accumulate}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardWeight_MatchesReference(string name)
    {
        Conv2dGeometry g = s_geometries[name];
        float[] input = KernelTestData.Random(g.Batch * g.InputImageSize, 7);
        float[] gradOutput = KernelTestData.Random(g.Batch * g.OutputImageSize, 8);
        float[] initial = KernelTestData.Random(g.WeightSize, 9);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] expected = (float[])initial.Clone();
            float[] scale = Abs(initial);
            Conv2dReference.BackwardWeight(input, gradOutput, expected, g, accumulate);
            Conv2dReference.BackwardWeight(Abs(input), Abs(gradOutput), scale, g, accumulate);
            foreach (KernelIsa isa in CpuFeatures.Supported)
            {
                float[] actual = (float[])initial.Clone();
                using (CpuFeatures.Force(isa))
                {
                    Conv2dKernels.BackwardWeight(input, gradOutput, actual, g, accumulate);
                }

                KernelTestData.AssertClose(expected, actual, scale, RelativeTolerance, AbsoluteTolerance, $"{name} backward-weight {isa} accumulate={accumulate}");
            }
        }
    }

    [Theory]
    [InlineData("batch64-grouped")]
    [InlineData("dcgan-4x4-stride2-pad1")]
    [InlineData("pointwise-odd")]
    public void AllKernels_GiveTheSameBitsForAnyThreadCount(string name)
    {
        Conv2dGeometry g = s_geometries[name];
        float[] input = KernelTestData.Random(g.Batch * g.InputImageSize, 10);
        float[] weight = KernelTestData.Random(g.WeightSize, 11);
        float[] gradOutput = KernelTestData.Random(g.Batch * g.OutputImageSize, 12);
        float[][] first = Run(1);
        foreach (int threads in new[] { 2, 3 })
        {
            float[][] other = Run(threads);
            for (int i = 0; i < first.Length; i++)
            {
                KernelTestData.AssertBitIdentical(first[i], other[i], $"{name} output {i}, threads {threads} vs 1");
            }
        }

        float[][] Run(int threads)
        {
            float[] output = new float[gradOutput.Length];
            float[] gradInput = KernelTestData.Random(input.Length, 13);
            float[] gradWeight = KernelTestData.Random(weight.Length, 14);
            KernelTestData.WithThreads(threads, () =>
            {
                Conv2dKernels.Forward(input, weight, output, g);
                Conv2dKernels.BackwardInput(gradOutput, weight, gradInput, g, accumulate: true);
                Conv2dKernels.BackwardWeight(input, gradOutput, gradWeight, g, accumulate: true);
            });
            return [output, gradInput, gradWeight];
        }
    }

    [Fact]
    public void Kernels_RejectBadGeometryAndMismatchedSpans()
    {
        var tooSmall = new Conv2dGeometry(1, 1, 2, 2, 1, 5, 5, 1, 1, 1, 1);
        var error = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[4], new float[25], new float[1], tooSmall));
        Assert.Contains("larger than the padded input 4x4", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[4], new float[1], new float[4], new Conv2dGeometry(1, 1, 2, 2, 1, 1, 1, 0, 1, 0, 0)));

        var g = new Conv2dGeometry(2, 3, 4, 4, 5, 3, 3, 1, 1, 1, 1);
        var wrongOutput = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[96], new float[135], new float[159], g));
        Assert.Contains("output must hold 160 values", wrongOutput.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Conv2dKernels.BackwardInput(new float[160], new float[134], new float[96], g, false));
        Assert.Throws<ArgumentException>(() => Conv2dKernels.BackwardWeight(new float[95], new float[160], new float[135], g, false));
    }

    private static float[] Abs(float[] values) => values.Select(Math.Abs).ToArray();
}
