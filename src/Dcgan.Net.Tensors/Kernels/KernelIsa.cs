namespace Dcgan.Net.Tensors.Kernels;

/// <summary>Instruction-set level a SIMD kernel is compiled for, from narrowest to widest.</summary>
internal enum KernelIsa
{
    /// <summary><see cref="System.Numerics.Vector{T}"/> code that runs on any hardware.</summary>
    Portable = 0,

    /// <summary>256-bit AVX2 with fused multiply-add.</summary>
    Avx2 = 1,

    /// <summary>512-bit AVX-512 Foundation.</summary>
    Avx512 = 2,
}
