using System.Text.Json;
using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class BilinearResizeTransformTests
{
    [Fact]
    public void Apply_MatchesTorchInterpolateAlignCornersFalse()
    {
        JsonElement fixture = DataFixtures.Json("resize_expected.json");
        int[] inShape = DataFixtures.Ints(fixture.GetProperty("input_shape"));
        var shape = new ImageShape(inShape[0], inShape[1], inShape[2]);
        float[] input = DataFixtures.Floats(fixture.GetProperty("input"));
        foreach (JsonElement c in fixture.GetProperty("cases").EnumerateArray())
        {
            BilinearResizeTransform resize = ImageTransform.Resize(c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32());
            float[] expected = DataFixtures.Floats(c.GetProperty("output"));
            var output = new float[resize.GetOutputShape(shape).Size];

            resize.Apply(input, shape, output);

            Assert.Equal(expected.Length, output.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                // The transform runs ImageResize.Bilinear, which follows torch 1.13's arithmetic order: bit-identical.
                Assert.True(expected[i] == output[i], $"{resize.Height}x{resize.Width} [{i}]: torch {expected[i]}, ours {output[i]}");
            }
        }
    }

    [Fact]
    public void Apply_SameSize_IsIdentity()
    {
        var shape = new ImageShape(1, 3, 4);
        float[] input = [.. Enumerable.Range(0, 12).Select(i => (float)(i * i))];
        var output = new float[12];
        ImageTransform.Resize(3, 4).Apply(input, shape, output);
        Assert.Equal(input, output);
    }

    [Fact]
    public void Resize_ZeroSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTransform.Resize(0, 4));
    }
}
