using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Tensors;

[Collection(EngineThreadsCollection.Name)]
public class EngineSettingsTests
{
    [Theory]
    [InlineData("3", 3)]
    [InlineData("1", 1)]
    [InlineData(null, 7)]
    [InlineData("", 7)]
    [InlineData("0", 7)]
    [InlineData("-2", 7)]
    [InlineData(" 4", 7)]
    [InlineData("two", 7)]
    [InlineData("1e3", 7)]
    public void DCGAN_NUM_THREADS_is_used_only_when_it_is_a_positive_integer(string? text, int expected)
    {
        Assert.Equal(expected, EngineSettings.ParseThreadCount(text, fallback: 7));
    }

    [Fact]
    public void ThreadCount_refuses_values_below_one_and_keeps_the_old_value()
    {
        int before = EngineSettings.ThreadCount;

        Assert.Throws<ArgumentOutOfRangeException>(() => EngineSettings.ThreadCount = 0);

        Assert.Equal(before, EngineSettings.ThreadCount);
        Assert.Equal("DCGAN_NUM_THREADS", EngineSettings.ThreadCountVariable);
    }
}
