namespace Dcgan.Net.Fid;

/// <summary>
/// The seeded random subsets of <see cref="KernelInceptionDistance"/>, from a documented generator so any language can
/// reproduce them: SplitMix64 (<c>state += 0x9E3779B97F4A7C15</c>, then
/// <c>z = (z ^ z >> 30)·0xBF58476D1CE4E5B9; z = (z ^ z >> 27)·0x94D049BB133111EB; z ^= z >> 31</c>, all mod 2⁶⁴), and for
/// each subset a partial Fisher–Yates shuffle of 0..n−1: for i = 0..m−1, swap positions i and
/// <c>i + next() mod (n − i)</c>; the subset is the first m positions in that order. (The modulo's bias is below n/2⁶⁴.)
/// </summary>
public sealed class SubsetSampler
{
    private ulong _state;

    /// <summary>Creates a sampler; the state starts at <paramref name="seed"/>.</summary>
    public SubsetSampler(ulong seed) => _state = seed;

    /// <summary>The next 64-bit output of SplitMix64.</summary>
    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        ulong z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary><paramref name="count"/> distinct indices from 0..<paramref name="population"/>−1, in draw order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above <paramref name="population"/>.</exception>
    public int[] Subset(int population, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, population);
        var positions = new int[population];
        for (int i = 0; i < population; i++)
        {
            positions[i] = i;
        }

        for (int i = 0; i < count; i++)
        {
            int j = i + (int)(Next() % (ulong)(population - i));
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }

        return positions[..count];
    }
}
