using System.Globalization;
using Dcgan.Net.Imaging;
using Xunit.Abstractions;

namespace Dcgan.Net.Tests.Imaging;

public class ImageResizeTests(ITestOutputHelper output)
{
    public static TheoryData<string> BilinearCases() => Cases("bilinear");

    public static TheoryData<string> BicubicCases() => Cases("bicubic");

    [Theory]
    [MemberData(nameof(BilinearCases))]
    public void Bilinear_matches_torch_interpolate_bit_for_bit(string name)
    {
        var (c, h, w, oh, ow, stride) = Sizes(name);
        float[] input = ImagingFixtures.Floats("resize", $"bilinear_{name}_in.raw");
        float[] expected = ImagingFixtures.Floats("resize", $"bilinear_{name}_out.raw");

        float[] resized = ImageResize.Bilinear(input, c, h, w, oh, ow);

        // The fixture holds every stride-th row ([C, ceil(oh/stride), ow]) then every stride-th column
        // ([C, oh, ceil(ow/stride)]); with stride 1 the rows part is the whole output.
        int k = 0;
        double worst = 0;
        for (int ch = 0; ch < c; ch++)
        {
            for (int y = 0; y < oh; y += stride)
            {
                for (int x = 0; x < ow; x++)
                {
                    worst = Math.Max(worst, Math.Abs(expected[k++] - resized[(((ch * oh) + y) * ow) + x]));
                }
            }
        }

        for (int ch = 0; stride > 1 && ch < c; ch++)
        {
            for (int y = 0; y < oh; y++)
            {
                for (int x = 0; x < ow; x += stride)
                {
                    worst = Math.Max(worst, Math.Abs(expected[k++] - resized[(((ch * oh) + y) * ow) + x]));
                }
            }
        }

        output.WriteLine($"bilinear {name}: max abs diff {worst:E2} over {k} values");
        Assert.Equal(expected.Length, k);
        // The brief's tolerance is 1e-5; following PyTorch's operation order makes these fixtures exact.
        Assert.True(worst == 0, $"max abs diff {worst}");
    }

    [Fact]
    public void Bilinear_to_the_same_size_is_an_exact_copy()
    {
        var input = Enumerable.Range(0, 2 * 5 * 7).Select(i => MathF.Sin(i)).ToArray();
        Assert.Equal(input, ImageResize.Bilinear(input, 2, 5, 7, 5, 7));
    }

    [Fact]
    public void Bilinear_checks_sizes()
    {
        Assert.Throws<ArgumentException>(() => ImageResize.Bilinear(new float[10], 1, 3, 3, 2, 2));
        Assert.Throws<ArgumentException>(() => ImageResize.Bilinear(new float[9], 1, 3, 3, new float[3], 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResize.Bilinear(new float[9], 1, 3, 3, 0, 2));
    }

    [Theory]
    [MemberData(nameof(BicubicCases))]
    public void Bicubic_matches_PIL_resize_exactly(string name)
    {
        var (c, h, w, oh, ow, _) = Sizes(name);
        var input = new Image(w, h, c, ImagingFixtures.Bytes("resize", $"bicubic_{name}_in.raw"));
        byte[] expected = ImagingFixtures.Bytes("resize", $"bicubic_{name}_out.raw");

        var resized = ImageResize.Bicubic(input, ow, oh);

        Assert.Equal((ow, oh, c), (resized.Width, resized.Height, resized.Channels));
        int worst = expected.Zip(resized.Data, (a, b) => Math.Abs(a - b)).Max();
        int differing = expected.Zip(resized.Data, (a, b) => a != b ? 1 : 0).Sum();
        output.WriteLine($"bicubic {name}: max abs diff {worst}, {differing} of {expected.Length} samples differ");
        // Same 22-bit fixed-point weights, rounding and pass order as PIL, so every sample is equal.
        Assert.True(differing == 0, $"{differing} samples differ, max abs diff {worst}");
    }

    [Fact]
    public void Bicubic_refuses_16_bit_images_and_bad_sizes()
    {
        Assert.Throws<ArgumentException>(() => ImageResize.Bicubic(new Image(1, 1, 1, new byte[2], 16), 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResize.Bicubic(new Image(1, 1, 1, new byte[1]), 0, 2));
    }

    [Fact]
    public void Bicubic_to_the_same_size_returns_a_copy()
    {
        var image = new Image(3, 2, 1, [1, 2, 3, 4, 5, 6]);
        var same = ImageResize.Bicubic(image, 3, 2);
        Assert.NotSame(image.Data, same.Data);
        Assert.Equal(image.Data, same.Data);
    }

    private static TheoryData<string> Cases(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var fields in ImagingFixtures.Manifest("resize").Where(f => f[0] == kind))
        {
            data.Add(fields[1]);
        }

        return data;
    }

    private static (int C, int H, int W, int OutH, int OutW, int Stride) Sizes(string name)
    {
        var f = ImagingFixtures.Manifest("resize").Single(fields => fields[1] == name)[2..].Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (f[0], f[1], f[2], f[3], f[4], f[5]);
    }
}
