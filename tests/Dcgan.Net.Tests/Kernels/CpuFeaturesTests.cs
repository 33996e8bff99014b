using System.Numerics;
using System.Runtime.Intrinsics;
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

    /// <summary>
    /// CI reruns the SIMD tests with <c>DOTNET_EnableAVX512=0</c> and with <c>DOTNET_EnableAVX2=0</c>; this shows the
    /// switch really narrowed what the kernels (and Vector&lt;T&gt;/TensorPrimitives code) run, so those runs test the
    /// narrower paths. (.NET 10 ignores the older name DOTNET_EnableAVX512F.)
    /// </summary>
    [Fact]
    [Trait("Category", "Simd")]
    public void Runtime_switches_narrow_the_level_the_kernels_use()
    {
        if (IsSwitchedOff("DOTNET_EnableAVX512"))
        {
            Assert.NotEqual(KernelIsa.Avx512, CpuFeatures.Best);
            Assert.False(Vector512.IsHardwareAccelerated);
        }

        if (IsSwitchedOff("DOTNET_EnableAVX2"))
        {
            Assert.Equal(KernelIsa.Portable, CpuFeatures.Best);
            Assert.False(Vector256.IsHardwareAccelerated);
            Assert.Equal(Vector128<float>.Count, Vector<float>.Count);
        }

        if (IsSwitchedOff("DOTNET_EnableHWIntrinsic"))
        {
            Assert.Equal(KernelIsa.Portable, CpuFeatures.Best);
            Assert.False(Vector.IsHardwareAccelerated);
        }
    }

    private static bool IsSwitchedOff(string variable) => Environment.GetEnvironmentVariable(variable) == "0";
}
