using System.Text.Json;
using Dcgan.Net.Data;
using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Data;

public class ImageFolderDatasetTests
{
    private static readonly string Root = DataFixtures.FixturePath(Path.Combine("imagefolder", "root"));
    private static readonly ImageFolderOptions Labelled = new() { LabelsFromSubfolders = true };

    private static JsonElement Expected => JsonDocument.Parse(File.ReadAllText(DataFixtures.FixturePath(Path.Combine("imagefolder", "expected.json")))).RootElement;

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    [Fact]
    public void Labelled_folder_has_torchvision_ImageFolders_classes_files_order_and_labels()
    {
        var data = new ImageFolderDataset(Root, new ImageShape(3, 5, 6), Labelled);
        var expected = Expected;

        Assert.Equal(expected.GetProperty("classes").EnumerateArray().Select(c => c.GetString()), data.Classes);
        var samples = expected.GetProperty("samples").EnumerateArray().Select(s => (s[0].GetString()!, s[1].GetInt32())).ToList();
        Assert.Equal(samples, Enumerable.Range(0, data.Count).Select(i => (Relative(data.Files[i]), data.GetLabel(i))));
    }

    [Theory]
    [InlineData(3, "expected_rgb.npy")]
    [InlineData(1, "expected_l.npy")]
    public void Images_are_PIL_converted_resized_as_F_interpolate_and_scaled_to_minus_one_to_one(int channels, string fixture)
    {
        var data = new ImageFolderDataset(Root, new ImageShape(channels, 5, 6), Labelled);
        float[] expected = NpyFile.Read(DataFixtures.FixturePath(Path.Combine("imagefolder", fixture))).ToSingleArray();
        int size = channels * 30;

        for (int i = 0; i < data.Count; i++)
        {
            Assert.Equal(expected.AsSpan(i * size, size).ToArray(), data.GetImage(i).ToArray());
        }
    }

    [Fact]
    public void Unlabelled_folder_takes_every_image_below_the_root_in_walk_order()
    {
        var data = new ImageFolderDataset(Root, new ImageShape(3, 5, 6), new ImageFolderOptions { Scale = PixelScale.Raw });
        var flat = new ImageFolderDataset(Root, new ImageShape(3, 5, 6), new ImageFolderOptions { Recursive = false });

        string[] expected = ["stray.png", .. Expected.GetProperty("samples").EnumerateArray().Select(s => s[0].GetString()!)];
        Assert.Equal(expected, data.Files.Select(Relative));
        Assert.False(data.HasLabels);
        Assert.Empty(data.Classes);
        Assert.Equal(["stray.png"], flat.Files.Select(Relative));
        Assert.Equal(RawPlanes(ImageFile.Load(data.Files[0], 3)), data.GetImage(0).ToArray());
    }

    [Fact]
    public void Bicubic_resize_is_PILs_and_the_cache_changes_nothing()
    {
        var options = new ImageFolderOptions { LabelsFromSubfolders = true, Resize = ResizeFilter.Bicubic, Scale = PixelScale.ZeroToOne, MaxCacheBytes = 0 };
        var uncached = new ImageFolderDataset(Root, new ImageShape(3, 5, 6), options);
        var cached = new ImageFolderDataset(Root, new ImageShape(3, 5, 6), new ImageFolderOptions { LabelsFromSubfolders = true, Resize = ResizeFilter.Bicubic, Scale = PixelScale.ZeroToOne });
        int big = uncached.Files.Select(Relative).ToList().IndexOf("dog/a/x/g.png");

        var resized = ImageResize.Bicubic(ImageFile.Load(uncached.Files[big], 3), 6, 5);
        Assert.Equal(resized.ToChw(), uncached.GetImage(big).ToArray());
        float[][] first = [.. Enumerable.Range(0, cached.Count).AsParallel().AsOrdered().Select(i => cached.GetImage(i).ToArray())];
        for (int i = 0; i < cached.Count; i++)
        {
            Assert.Equal(first[i], cached.GetImage(i).ToArray());
            Assert.Equal(uncached.GetImage(i).ToArray(), cached.GetImage(i).ToArray());
        }
    }

    [Fact]
    public void A_broken_file_is_named_when_it_is_read()
    {
        using var folder = DataFixtures.NewTempFolder();
        File.Copy(Path.Combine(Root, "stray.png"), folder.File("a.png"));
        File.WriteAllBytes(folder.File("b.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var data = new ImageFolderDataset(folder.Path, new ImageShape(3, 8, 8));

        Assert.Equal(2, data.Count);
        Assert.Equal(3 * 64, data.GetImage(0).Count);
        var ex = Assert.Throws<InvalidDataException>(() => data.GetImage(1));
        Assert.StartsWith($"'{folder.File("b.png")}': ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_empty_and_classless_folders_and_bad_shapes_are_rejected()
    {
        using var folder = DataFixtures.NewTempFolder();
        var shape = new ImageShape(3, 4, 4);
        Assert.Throws<DirectoryNotFoundException>(() => new ImageFolderDataset(folder.File("missing"), shape));
        Assert.Contains("holds no files ending in .jpg", Assert.Throws<ArgumentException>(() => new ImageFolderDataset(folder.Path, shape)).Message, StringComparison.Ordinal);

        File.Copy(Path.Combine(Root, "stray.png"), folder.File("root.png"));
        Assert.Contains("has no subfolders", Assert.Throws<ArgumentException>(() => new ImageFolderDataset(folder.Path, shape, Labelled)).Message, StringComparison.Ordinal);
        Directory.CreateDirectory(folder.File("full"));
        Directory.CreateDirectory(folder.File("empty"));
        File.Copy(Path.Combine(Root, "stray.png"), folder.File(Path.Combine("full", "x.png")));
        File.WriteAllText(folder.File(Path.Combine("empty", "readme.txt")), "no images");
        Assert.Contains("'empty'", Assert.Throws<ArgumentException>(() => new ImageFolderDataset(folder.Path, shape, Labelled)).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => new ImageFolderDataset(Root, new ImageShape(2, 4, 4)));
        Assert.Throws<ArgumentException>(() => new ImageFolderDataset(Root, shape, new ImageFolderOptions { MaxCacheBytes = -1 }));
        Assert.Throws<ArgumentException>(() => new ImageFolderDataset(Root, shape, new ImageFolderOptions { Extensions = [""] }));
    }

    private static float[] RawPlanes(Image image)
    {
        int plane = image.Width * image.Height;
        var planes = new float[plane * image.Channels];
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < image.Channels; c++)
            {
                planes[(c * plane) + p] = image.Data[(p * image.Channels) + c];
            }
        }

        return planes;
    }
}
