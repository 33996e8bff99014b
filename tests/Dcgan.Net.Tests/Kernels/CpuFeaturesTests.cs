using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

public sealed class CpuFeaturesTests
{
    [Fact]
    public void Force_NarrowsTheLevelUntilDisposed_AndRejectsLevelsAboveTheHardware()
    {
        using (CpuFeatures.Force(KernelIsa.Portable))
        {
            Assert.Equal(KernelIsa.Portable, CpuFeatures.Current);
        }

        Assert.Equal(CpuFeatures.Best, CpuFeatures.Current);
        if (CpuFeatures.Best < KernelIsa.Avx512)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => CpuFeatures.Force(KernelIsa.Avx512));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => CpuFeatures.Force((KernelIsa)7));
    }

    [Fact]
    public async Task Force_DoesNotLeakIntoOtherAsyncFlows()
    {
        using var started = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        Task<KernelIsa> other = Task.Run(async () =>
        {
            started.Release();
            await release.WaitAsync();
            return CpuFeatures.Current;
        });
        await started.WaitAsync();
        using (CpuFeatures.Force(KernelIsa.Portable))
        {
            release.Release();
            Assert.Equal(CpuFeatures.Best, await other);
        }
    }

    [Fact]
    public void Supported_ListsEveryLevelUpToTheBest()
    {
        Assert.Equal(KernelIsa.Portable, CpuFeatures.Supported[0]);
        Assert.Equal(CpuFeatures.Best, CpuFeatures.Supported[^1]);
        Assert.Equal((int)CpuFeatures.Best + 1, CpuFeatures.Supported.Count);
    }
}
