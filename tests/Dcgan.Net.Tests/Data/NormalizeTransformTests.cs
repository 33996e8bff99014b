using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class NormalizeTransformTests
{
    [Theory]
    [InlineData(PixelScale.MinusOneToOne, "minus_one_to_one_bits")]
    [InlineData(PixelScale.ZeroToOne, "zero_to_one_bits")]
    public void Apply_EveryByteValue_MatchesNumpyAndTorchBitForBit(PixelScale range, string key)
    {
        float[] expected = DataFixtures.FloatsFromBits(DataFixtures.Json("fashion_t10k_expected.json").GetProperty(key));
        float[] source = [.. Enumerable.Range(0, 256).Select(i => (float)i)];
        var output = new float[256];

        ImageTransform.Normalize(range).Apply(source, new ImageShape(1, 16, 16), output);

        for (int i = 0; i < 256; i++)
        {
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected[i]), BitConverter.SingleToUInt32Bits(output[i]));
        }

        Assert.Equal(range == PixelScale.MinusOneToOne ? -1f : 0f, output[0]);
        Assert.Equal(1f, output[255]);
    }

    [Fact]
    public void Apply_Raw_Copies()
    {
        var output = new float[3];
        ImageTransform.Normalize(PixelScale.Raw).Apply([0, 128, 255], new ImageShape(1, 1, 3), output);
        Assert.Equal([0f, 128, 255], output);
    }

    [Fact]
    public void Normalize_UnknownRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTransform.Normalize((PixelScale)42));
    }
}
