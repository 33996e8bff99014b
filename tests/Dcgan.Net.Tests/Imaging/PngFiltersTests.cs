using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class PngFiltersTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 6)]
    [InlineData(4, 8)]
    [InlineData(3, 2)]
    public void Unfilter_reverses_Apply(int filter, int bpp)
    {
        var random = new Random(filter * 10 + bpp);
        byte[] prev = new byte[37];
        byte[] raw = new byte[37];
        random.NextBytes(prev);
        random.NextBytes(raw);
        byte[] filtered = new byte[37];

        PngFilters.Apply(filter, raw, prev, bpp, filtered);
        PngFilters.Unfilter(filter, filtered, prev, bpp);

        Assert.Equal(raw, filtered);
    }

    [Fact]
    public void Filters_follow_the_spec_formulas_on_a_small_row()
    {
        byte[] prev = [10, 20, 30, 40];
        byte[] raw = [15, 25, 200, 5];
        var output = new byte[4];

        PngFilters.Apply(1, raw, prev, 1, output);
        Assert.Equal(new byte[] { 15, 10, 175, 61 }, output);
        PngFilters.Apply(2, raw, prev, 1, output);
        Assert.Equal(new byte[] { 5, 5, 170, 221 }, output);
        PngFilters.Apply(3, raw, prev, 1, output);
        Assert.Equal(new byte[] { 10, 8, 173, 141 }, output);
    }

    [Theory]
    [InlineData(5, 5, 5, 5)]
    [InlineData(10, 20, 15, 15)]
    [InlineData(20, 10, 15, 15)]
    [InlineData(100, 50, 60, 100)]
    [InlineData(50, 100, 60, 100)]
    [InlineData(0, 0, 255, 0)]
    [InlineData(3, 7, 5, 5)]
    public void Paeth_picks_the_nearest_neighbour_breaking_ties_a_b_c(int a, int b, int c, int expected)
    {
        Assert.Equal(expected, PngFilters.Paeth(a, b, c));
    }

    [Fact]
    public void Branchless_Paeth_equals_the_spec_form_on_all_byte_triples()
    {
        for (int a = 0; a < 256; a++)
        {
            for (int b = 0; b < 256; b++)
            {
                for (int c = 0; c < 256; c++)
                {
                    if (PngFilters.PaethBranchless(a, b, c) != PngFilters.Paeth(a, b, c))
                    {
                        Assert.Fail($"Paeth({a}, {b}, {c}): branchless {PngFilters.PaethBranchless(a, b, c)}, spec {PngFilters.Paeth(a, b, c)}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Unknown_filter_type_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PngFilters.Unfilter(5, new byte[4], new byte[4], 1));
    }
}
