using System.Runtime.Intrinsics.X86;

namespace Dcgan.Net.Tensors.Kernels;

/// <summary>
/// Picks the widest <see cref="KernelIsa"/> the hardware (and the runtime's DOTNET_Enable* switches) allows, once
/// at start-up. Tests narrow it with <see cref="Force"/>; the override flows with the async context, so it
/// reaches the worker threads of a parallel kernel but never leaks into tests running side by side.
/// </summary>
internal static class CpuFeatures
{
    private static readonly AsyncLocal<KernelIsa?> s_forced = new();

    /// <summary>The widest level supported here.</summary>
    public static KernelIsa Best { get; } = Detect();

    /// <summary>The level kernels use now: <see cref="Best"/> unless narrowed by <see cref="Force"/>.</summary>
    public static KernelIsa Current => s_forced.Value ?? Best;

    /// <summary>Every level up to <see cref="Best"/>, narrowest first.</summary>
    public static IReadOnlyList<KernelIsa> Supported { get; } =
        Enum.GetValues<KernelIsa>().Where(isa => isa <= Best).ToArray();

    /// <summary>Makes kernels use <paramref name="isa"/> until the returned scope is disposed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The hardware does not support <paramref name="isa"/>.</exception>
    public static IDisposable Force(KernelIsa isa)
    {
        if (isa > Best || !Enum.IsDefined(isa))
        {
            throw new ArgumentOutOfRangeException(
                nameof(isa), isa, $"The widest instruction set supported here is {Best}.");
        }

        var scope = new Scope(s_forced.Value);
        s_forced.Value = isa;
        return scope;
    }

    private static KernelIsa Detect()
    {
        if (Avx512F.IsSupported)
        {
            return KernelIsa.Avx512;
        }

        return Avx2.IsSupported && Fma.IsSupported ? KernelIsa.Avx2 : KernelIsa.Portable;
    }

    private sealed class Scope(KernelIsa? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                s_forced.Value = previous;
            }
        }
    }
}
