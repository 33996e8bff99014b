using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors.Kernels;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

[Trait("Category", "Simd")]
public sealed class EvenOddLanesTests
{
    [Fact]
    public void SplitFour_GivesTheFourStrideTwoRows_OnEveryInstructionSet()
    {
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            for (int count = 0; count <= 41; count++)
            {
                float[] source = KernelTestData.Random((2 * count) + 2 + EvenOddLanes.Slack, count);
                int stride = count + (EvenOddLanes.Slack / 2) + 3;
                var rows = new float[(4 * stride) + 5];

                EvenOddLanes.SplitFour(source, rows, stride, count, isa);

                for (int s = 0; s < 4; s++)
                {
                    for (int i = 0; i < count; i++)
                    {
                        Assert.Equal(source[(2 * i) + s], rows[(s * stride) + i]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Merge_AlternatesEvenAndOdd_AndWritesNothingPastTheDestination()
    {
        foreach (KernelIsa isa in CpuFeatures.Supported)
        {
            for (int count = 0; count <= 70; count++)
            {
                int half = ((count + 1) / 2) + (EvenOddLanes.Slack / 2);
                float[] even = KernelTestData.Random(half, count);
                float[] odd = KernelTestData.Random(half, count + 100);
                var buffer = new float[count + 40];
                buffer.AsSpan().Fill(float.NaN);

                EvenOddLanes.Merge(even, odd, buffer.AsSpan(3, count), isa);

                for (int i = 0; i < count; i++)
                {
                    Assert.Equal(i % 2 == 0 ? even[i / 2] : odd[i / 2], buffer[3 + i]);
                }

                Assert.All(buffer[..3], v => Assert.True(float.IsNaN(v), $"{isa} wrote before the destination"));
                Assert.All(buffer[(3 + count)..], v => Assert.True(float.IsNaN(v), $"{isa} wrote past {count} values"));
            }
        }
    }

    [Fact]
    public void TooShortOperands_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => EvenOddLanes.SplitFour(new float[10], new float[400], 100, 4, KernelIsa.Portable));
        Assert.Throws<ArgumentException>(() => EvenOddLanes.Merge(new float[4], new float[40], new float[8], KernelIsa.Portable));
    }
}
