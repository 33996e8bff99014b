using System.Text.Json;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>
/// <see cref="TensorGenerator"/> against generator.json, written by an independent Python implementation in
/// tools/make_engine_fixtures.py: raw 64-bit outputs, uniform and normal float fills and the permutation must
/// agree bit for bit, so a seed means the same numbers on every run, machine and release.
/// </summary>
[Collection(EngineThreadsCollection.Name)]
public class TensorGeneratorTests
{
    public static TheoryData<string> Seeds() => new(Cases().Select(c => c.GetProperty("seed").GetString()!));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Stream_matches_the_reference_bit_for_bit(string seed)
    {
        JsonElement c = Case(seed);
        var g = new TensorGenerator(ulong.Parse(seed, System.Globalization.CultureInfo.InvariantCulture));

        ulong[] raw = c.GetProperty("raw").EnumerateArray().Select(v => ulong.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(raw, raw.Select(_ => g.NextUInt64()).ToArray());

        var uniform = new float[c.GetProperty("uniform_bits").GetArrayLength()];
        g.FillUniform(uniform, c.GetProperty("uniform_low").GetSingle(), c.GetProperty("uniform_high").GetSingle());
        Assert.Equal(Bits(c, "uniform_bits"), uniform.Select(BitConverter.SingleToUInt32Bits).ToArray());

        var normal = new float[c.GetProperty("normal_bits").GetArrayLength()];
        g.FillNormal(normal, c.GetProperty("normal_mean").GetSingle(), c.GetProperty("normal_std").GetSingle());
        Assert.Equal(Bits(c, "normal_bits"), normal.Select(BitConverter.SingleToUInt32Bits).ToArray());

        Assert.Equal(c.GetProperty("permutation").EnumerateArray().Select(v => v.GetInt32()), g.Permutation(10));
        Assert.Equal(c.GetProperty("state_after").EnumerateArray().Select(v => ulong.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture)), g.GetState());
    }

    [Fact]
    public void Random_tensors_have_the_same_bits_for_any_thread_count()
    {
        uint[][] Draw(int threads)
        {
            uint[][] bits = [];
            KernelTestData.WithThreads(threads, () => bits =
            [
                [.. Tensor.Randn(new TensorGenerator(5), 3, 17, 9).ToArray().Select(BitConverter.SingleToUInt32Bits)],
                [.. Tensor.Rand(new TensorGenerator(6), 1001).ToArray().Select(BitConverter.SingleToUInt32Bits)],
            ]);
            return bits;
        }

        Assert.Equal(Draw(1), Draw(2));
    }

    [Fact]
    public void Saved_state_continues_the_same_sequence_and_ManualSeed_restarts_it()
    {
        var g = new TensorGenerator(9);
        g.NextUInt64();
        ulong[] state = g.GetState();
        ulong[] expected = [g.NextUInt64(), g.NextUInt64()];

        var other = new TensorGenerator(1);
        other.SetState(state);
        ulong[] continued = [other.NextUInt64(), other.NextUInt64()];
        Assert.Equal(expected, continued);

        other.ManualSeed(9);
        Assert.Equal(new TensorGenerator(9).NextUInt64(), other.NextUInt64());
    }

    [Fact]
    public void Values_stay_in_range_and_bad_arguments_are_refused()
    {
        var g = new TensorGenerator(3);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(g.NextDouble(), 0.0, Math.BitDecrement(1.0));
            Assert.InRange(g.NextInt(7), 0, 6);
        }

        Assert.Equal(Enumerable.Range(0, 50), g.Permutation(50).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => g.NextInt(0));
        Assert.Throws<ArgumentException>(() => g.SetState([0, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => g.SetState([1, 2, 3]));
    }

    private static uint[] Bits(JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetUInt32()).ToArray();

    private static JsonElement Case(string seed) => Cases().Single(c => c.GetProperty("seed").GetString() == seed);

    private static List<JsonElement> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Tensors", "generator.json")));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
