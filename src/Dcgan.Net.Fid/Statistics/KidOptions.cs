namespace Dcgan.Net.Fid;

/// <summary>Settings of <see cref="KernelInceptionDistance"/>; the defaults are torch-fidelity's.</summary>
public sealed class KidOptions
{
    /// <summary>Number of random subsets averaged. Default 100.</summary>
    public int SubsetCount { get; init; } = 100;

    /// <summary>Samples per subset, drawn without replacement from each set. Default 1000.</summary>
    public int SubsetSize { get; init; } = 1000;

    /// <summary>Seed of the <see cref="SubsetSampler"/>. Default 2020 (torch-fidelity's default seed; the generator differs).</summary>
    public ulong Seed { get; init; } = 2020;

    /// <summary>Degree of the polynomial kernel <c>(γ·x·y + c)^degree</c>. Default 3.</summary>
    public int Degree { get; init; } = 3;

    /// <summary>γ of the kernel; null (default) means 1/d.</summary>
    public double? Gamma { get; init; }

    /// <summary>c of the kernel. Default 1.</summary>
    public double Coef0 { get; init; } = 1;
}
