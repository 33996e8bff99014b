using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Data;

namespace Dcgan.Net.Tests.Imaging;

public class ImageArrayTests
{
    /// <summary>tools/make_imageset_fixtures.py's pattern(): (37 n + 11 y + 5 x + 71 c) mod 256, as [N, H, W, C] bytes.</summary>
    public static byte[] Pattern(int n, int h, int w, int c)
    {
        var bytes = new byte[n * h * w * c];
        int i = 0;
        for (int image = 0; image < n; image++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    for (int k = 0; k < c; k++)
                    {
                        bytes[i++] = (byte)(((37 * image) + (11 * y) + (5 * x) + (71 * k)) % 256);
                    }
                }
            }
        }

        return bytes;
    }

    private static string PathOf(string name) => ImagingFixtures.PathOf("arrays", name);

    [Theory]
    [InlineData("gray_nhw.npy", null, 3, 1)]
    [InlineData("gray_nhw1.npy", null, 2, 1)]
    [InlineData("rgb_nhwc.npy", null, 2, 3)]
    [InlineData("rgba_nhwc.npy", null, 2, 4)]
    [InlineData("rgb_fortran.npy", null, 2, 3)]
    [InlineData("rgb_single.npz", null, 2, 3)]
    [InlineData("two_members.npz", "real", 2, 3)]
    [InlineData("two_members.npz", "fake", 3, 1)]
    public void Read_numpy_files_in_clean_fid_layouts(string name, string? member, int count, int channels)
    {
        var images = ImageArray.Read(PathOf(name), member);

        Assert.Equal((count, 5, 7, channels), (images.Count, images.Height, images.Width, images.Channels));
        Assert.Equal(Pattern(count, 5, 7, channels), images.Data.ToArray());
    }

    [Fact]
    public void ToTensor_is_ToTensor_of_each_image_and_CopyToChw_takes_a_range()
    {
        var images = ImageArray.Read(PathOf("rgb_nhwc.npy"));
        Tensor tensor = images.ToTensor();
        Tensor symmetric = images.ToTensor(PixelRange.MinusOneToOne);

        Assert.Equal([2, 3, 5, 7], tensor.Shape.ToArray());
        Assert.Equal(images.GetImage(1).ToChw(), tensor.ToArray()[105..]);
        Assert.Equal(images.GetImage(0).ToChw(PixelRange.MinusOneToOne), symmetric.ToArray()[..105]);
        var second = new float[105];
        images.CopyToChw(1, 1, second);
        Assert.Equal(tensor.ToArray()[105..], second);
        Assert.Equal((float)Pattern(2, 5, 7, 3)[(35 * 3) + 2] / 255f, tensor[1, 2, 0, 0]);
    }

    [Fact]
    public void Save_npy_writes_numpys_bytes_and_npz_round_trips()
    {
        using var folder = DataFixtures.NewTempFolder();
        var rgb = new ImageArray(Pattern(2, 5, 7, 3), 2, 5, 7, 3);
        var gray = new ImageArray(Pattern(3, 5, 7, 1), 3, 5, 7, 1);
        rgb.Save(folder.File("rgb.npy"));
        gray.Save(folder.File("gray.npy"));
        gray.Save(folder.File("gray.npz"), "fake");

        Assert.Equal(File.ReadAllBytes(PathOf("rgb_nhwc.npy")), File.ReadAllBytes(folder.File("rgb.npy")));
        Assert.Equal(File.ReadAllBytes(PathOf("gray_nhw.npy")), File.ReadAllBytes(folder.File("gray.npy")));
        Assert.Equal(gray.Data.ToArray(), ImageArray.Read(folder.File("gray.npz"), "fake").Data.ToArray());
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        Assert.Throws<ArgumentException>(() => gray.Save(folder.File("gray.png")));
    }

    [Fact]
    public void FromTensor_quantises_like_save_image_and_FromImages_stacks()
    {
        var tensor = Tensor.FromArray([0f, 0.5f, 1f, 1.5f, -1f, 0.25f], 2, 3, 1, 1);
        Assert.Equal(new byte[] { 0, 128, 255, 255, 0, 64 }, ImageArray.FromTensor(tensor).Data.ToArray());
        Assert.Equal(new byte[] { 128, 191, 255, 255, 0, 159 }, ImageArray.FromTensor(tensor, PixelRange.MinusOneToOne).Data.ToArray());

        var images = ImageArray.Read(PathOf("rgb_nhwc.npy"));
        var stacked = ImageArray.FromImages(images.ToImages());
        Assert.Equal(images.Data.ToArray(), stacked.Data.ToArray());
        Assert.Equal(images.Data.ToArray(), ImageArray.FromTensor(images.ToTensor()).Data.ToArray());
    }

    [Theory]
    [InlineData("bad_float32.npy", "Float32 values")]
    [InlineData("bad_rank2.npy", "shape (5, 7)")]
    [InlineData("bad_five_channels.npy", "5 channels")]
    [InlineData("bad_empty.npy", "holds 0 images")]
    [InlineData("two_members.npz", "name the one holding the images")]
    public void Malformed_arrays_throw_naming_the_file_and_the_problem(string name, string problem)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ImageArray.Read(PathOf(name)));
        Assert.StartsWith($"'{PathOf(name)}': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_members_non_numpy_files_and_bad_arguments_are_rejected()
    {
        Assert.Contains("no member 'x' (members: ", Assert.Throws<InvalidDataException>(() => ImageArray.Read(PathOf("two_members.npz"), "x")).Message, StringComparison.Ordinal);
        Assert.Contains("not a NumPy file", Assert.Throws<InvalidDataException>(
            () => ImageArray.Read(ImagingFixtures.PathOf("files", "rgb.png"))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ImageArray(new byte[10], 1, 2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageArray(new byte[10], 1, 1, 2, 5));
        Assert.Throws<ArgumentException>(() => ImageArray.FromTensor(Tensor.Zeros(1, 5, 2, 2)));
        Assert.Throws<ArgumentException>(() => ImageArray.FromImages([new Image(2, 2, 1, new byte[4]), new Image(2, 3, 1, new byte[6])]));
        var images = ImageArray.Read(PathOf("rgb_nhwc.npy"));
        Assert.Throws<ArgumentOutOfRangeException>(() => images.GetImage(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => images.CopyToChw(1, 2, new float[1000]));
        Assert.Throws<ArgumentException>(() => images.CopyToChw(0, 2, new float[209]));
    }
}
