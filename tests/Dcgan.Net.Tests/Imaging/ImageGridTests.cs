using System.Globalization;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class ImageGridTests
{
    public static TheoryData<string> Grids => ImagingFixtures.Names("grid");

    [Theory]
    [MemberData(nameof(Grids))]
    public void Grid_matches_torchvision_save_image_byte_for_byte(string name)
    {
        string[] f = ImagingFixtures.Entry("grid", name);
        int[] sizes = f[1..7].Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var options = new ImageGridOptions
        {
            ImagesPerRow = sizes[4],
            Padding = sizes[5],
            PadValue = float.Parse(f[7], CultureInfo.InvariantCulture),
            Normalize = f[8] == "1",
            ScaleEach = f[9] == "1",
            ValueRange = f[10] == "none" ? null : ParseRange(f[10]),
        };
        float[] samples = ImagingFixtures.Floats("grid", $"{name}_in.raw");
        var expected = PngDecoder.Decode(ImagingFixtures.Bytes("grid", $"{name}.png"));

        var grid = ImageGrid.Make(samples, sizes[0], sizes[1], sizes[2], sizes[3], options);

        Assert.Equal((expected.Width, expected.Height, expected.Channels), (grid.Width, grid.Height, grid.Channels));
        Assert.Equal(expected.Data, grid.Data);
    }

    [Fact]
    public void Layout_follows_make_grid()
    {
        // 10 images of 4x3 with 8 per row: 2 rows, 8 columns, padding 2 around and between.
        var grid = ImageGrid.Make(new float[10 * 3 * 3 * 4], 10, 3, 3, 4);
        Assert.Equal((8 * 6) + 2, grid.Width);
        Assert.Equal((2 * 5) + 2, grid.Height);
        Assert.Equal(3, grid.Channels);
    }

    [Fact]
    public void Images_land_in_row_major_cells_and_padding_takes_the_pad_value()
    {
        float[] samples = [0f, 1f, 0.5f];
        var grid = ImageGrid.Make(samples, 3, 1, 1, 1, new ImageGridOptions { ImagesPerRow = 2, Padding = 1, PadValue = 0.2f });

        Assert.Equal((5, 5), (grid.Width, grid.Height));
        byte pad = 51;
        Assert.Equal(pad, grid.Data[0]);
        Assert.Equal(0, grid.Data[((1 * 5) + 1) * 3]);
        Assert.Equal(255, grid.Data[((1 * 5) + 3) * 3]);
        Assert.Equal(128, grid.Data[((3 * 5) + 1) * 3]);
        Assert.Equal(pad, grid.Data[((3 * 5) + 3) * 3]);
    }

    [Fact]
    public void Save_writes_a_png_of_the_grid()
    {
        float[] samples = Enumerable.Range(0, 4 * 3 * 5 * 6).Select(i => MathF.Sin(i)).ToArray();
        var options = new ImageGridOptions { Normalize = true, ValueRange = (-1f, 1f) };
        string path = Path.Combine(Path.GetTempPath(), $"dcgan-grid-{Guid.NewGuid():N}.png");
        try
        {
            ImageGrid.Save(path, samples, 4, 3, 5, 6, options);
            Assert.Equal(ImageGrid.Make(samples, 4, 3, 5, 6, options).Data, PngDecoder.DecodeFile(path).Data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ImageGrid.Make(new float[11], 1, 3, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Make(new float[8], 1, 2, 2, 2));
        Assert.Throws<ArgumentException>(() => ImageGrid.Make(new float[4], 1, 1, 2, 2, new ImageGridOptions { ImagesPerRow = 0 }));
        Assert.Throws<ArgumentException>(() => ImageGrid.Make(new float[4], 1, 1, 2, 2, new ImageGridOptions { Normalize = true, ValueRange = (1f, -1f) }));
    }

    private static (float, float) ParseRange(string text)
    {
        string[] parts = text.Split(',');
        return (float.Parse(parts[0], CultureInfo.InvariantCulture), float.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
