using System.Text.Json;
using Dcgan.Net.Fid;
using Dcgan.Net.Imaging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tests.Data;

namespace Dcgan.Net.Tests.Fid;

public class ImageSetTests
{
    private static readonly JsonElement Order =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFeatures.Folder, "folder_order.json"))).RootElement;

    private static string[] Strings(string property) => [.. Order.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    private static List<float[]> Collect(ImageSet set, int batchSize, List<int[]>? shapes = null)
    {
        var images = new List<float[]>();
        foreach (Tensor batch in set.Batches(batchSize))
        {
            shapes?.Add(batch.Shape.ToArray());
            int size = batch.Count / batch.Size(0);
            for (int i = 0; i < batch.Size(0); i++)
            {
                images.Add(batch.AsSpan().Slice(i * size, size).ToArray());
            }
        }

        return images;
    }

    [Theory]
    [InlineData(false, "pytorch_fid_order")]
    [InlineData(true, "recursive_order")]
    public void FromFolder_selects_and_sorts_files_as_pytorch_fids_glob(bool recursive, string expected)
    {
        using var folder = DataFixtures.NewTempFolder();
        foreach (string name in Strings("names"))
        {
            string path = Path.Combine(folder.Path, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
        }

        var set = (FolderImageSet)ImageSet.FromFolder(folder.Path, recursive);

        Assert.Equal(Strings(expected), set.Files.Select(f => Path.GetRelativePath(folder.Path, f).Replace(Path.DirectorySeparatorChar, '/')));
        Assert.Equal(set.Files.Count, set.Count);
        Assert.Contains(folder.Path, set.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Mixed_sizes_are_batched_in_runs_of_one_size_in_file_order()
    {
        using var folder = DataFixtures.NewTempFolder();
        string[] files = FidTestImages.WriteFolder(folder.Path, [(8, 6), (8, 6), (8, 6), (5, 9), (8, 6), (8, 6)], seed: 1);
        var shapes = new List<int[]>();

        var images = Collect(ImageSet.FromFolder(folder.Path), batchSize: 2, shapes);

        Assert.Equal([[2, 3, 6, 8], [1, 3, 6, 8], [1, 3, 9, 5], [2, 3, 6, 8]], shapes);
        Assert.Equal(files.Select(f => ImageFile.Load(f, 3).ToChw()), images);
    }

    [Fact]
    public void Gray_folders_convert_like_PIL_and_array_files_give_what_their_PNGs_give()
    {
        using var folder = DataFixtures.NewTempFolder();
        string[] files = FidTestImages.WriteFolder(folder.File("png"), FidTestImages.Same(5, 7, 4), seed: 2, channels: 3);
        var array = ImageArray.FromImages([.. files.Select(f => ImageFile.Load(f))]);
        array.Save(folder.File("images.npz"));

        Assert.Equal(Collect(ImageSet.FromFolder(folder.File("png")), 3), Collect(ImageSet.FromArrayFile(folder.File("images.npz")), 2));
        Assert.Equal(Collect(ImageSet.FromFolder(folder.File("png"), channels: 1), 4), Collect(ImageSet.FromArray(array, channels: 1), 5));
        Assert.Equal(files.Select(f => ImageFile.Load(f, 1).ToChw()), Collect(ImageSet.FromArray(array, 1), 5));
    }

    [Fact]
    public void FromTensor_maps_minus_one_to_one_and_quantises_like_a_png_round_trip()
    {
        using var folder = DataFixtures.NewTempFolder();
        var generator = new TensorGenerator(3);
        var images = Tensor.Rand(generator, 4, 3, 5, 6);
        var symmetric = Tensor.FromArray([.. images.ToArray().Select(v => (2 * v) - 1)], 4, 3, 5, 6);
        for (int i = 0; i < 4; i++)
        {
            Image.FromChw(symmetric.AsSpan().Slice(i * 90, 90), 3, 5, 6, PixelRange.MinusOneToOne).Save(folder.File($"{i}.png"));
        }

        var mapped = Collect(ImageSet.FromTensor(symmetric, PixelRange.MinusOneToOne), 3);
        Assert.Equal(images.ToArray().Length, mapped.Sum(m => m.Length));
        Assert.All(mapped.SelectMany(m => m).Zip(images.ToArray()), p => Assert.Equal(p.Second, p.First, 6e-8f));
        Assert.Equal(Collect(ImageSet.FromFolder(folder.Path), 4), Collect(ImageSet.FromTensor(symmetric, PixelRange.MinusOneToOne, quantize: true), 4));
        Assert.Equal(Collect(ImageSet.FromTensor(images), 2), Collect(ImageSet.FromTensors([images]), 4));
    }

    [Fact]
    public void FromTensor_rejects_bad_shapes_and_values_out_of_range()
    {
        var ex = Assert.Throws<ArgumentException>(() => ImageSet.FromTensor(Tensor.FromArray([0f, 0.5f, -0.25f, 1f], 2, 1, 1, 2)));
        Assert.Contains("image 1, value 0 is -0.25", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinusOneToOne", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ImageSet.FromTensor(Tensor.FromArray([float.NaN], 1, 1, 1, 1), PixelRange.MinusOneToOne));
        Assert.Throws<ArgumentException>(() => ImageSet.FromTensor(Tensor.Zeros(2, 5, 3, 3)));
        Assert.Throws<ArgumentException>(() => ImageSet.FromTensor(Tensor.Zeros(3, 3, 3)));
        Assert.Throws<ArgumentException>(() => ImageSet.FromTensors([]));
    }

    [Fact]
    public void FromGenerator_delegate_gives_what_FromTensor_gives_for_the_same_samples()
    {
        var samples = Tensor.FromArray([.. Tensor.Randn(new TensorGenerator(4), 7, 3, 4, 4).ToArray().Select(MathF.Tanh)], 7, 3, 4, 4);
        var asked = new List<int>();
        Tensor Generate(int n)
        {
            int first = asked.Sum();
            asked.Add(n);
            return Tensor.FromArray(samples.AsSpan().Slice(first * 48, n * 48), n, 3, 4, 4);
        }

        var generated = Collect(ImageSet.FromGenerator(Generate, 7, quantize: true), 3);

        Assert.Equal([3, 3, 1], asked);
        Assert.Equal(Collect(ImageSet.FromTensor(samples, PixelRange.MinusOneToOne, quantize: true), 7), generated);
    }

    [Fact]
    public void FromGenerator_module_uses_the_documented_noise_in_eval_mode_and_restores_the_mode()
    {
        var g = new Generator(latentDim: 4, hiddenDim: 4, generator: new TensorGenerator(1));
        g.Train();
        var z = g.SampleNoise(5, new TensorGenerator(11));
        g.Eval();
        Tensor expected = g.Forward(z);
        g.Train();

        var set = ImageSet.FromGenerator(g, 5, seed: 11);
        var one = Collect(set, 5);
        var small = Collect(set, 2);

        Assert.True(g.Training);
        Assert.Equal(5, set.Count);
        Assert.Equal(Collect(ImageSet.FromTensor(expected, PixelRange.MinusOneToOne), 5), one);
        Assert.All(one.Zip(small).SelectMany(p => p.First.Zip(p.Second)), v => Assert.Equal(v.First, v.Second, 1e-6f));
    }

    [Fact]
    public void Generator_output_of_the_wrong_shape_or_NaN_is_reported()
    {
        var wrong = ImageSet.FromGenerator(n => Tensor.Zeros(n + 1, 3, 2, 2), 4);
        Assert.Contains("asked for 4 samples and returned [5, 3, 2, 2]", Assert.Throws<InvalidOperationException>(() => Collect(wrong, 4)).Message, StringComparison.Ordinal);
        var nan = ImageSet.FromGenerator(n => Tensor.Full(float.NaN, n, 1, 2, 2), 3);
        Assert.Contains("sample 0 holds NaN", Assert.Throws<InvalidOperationException>(() => Collect(nan, 2)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageSet.FromGenerator(n => Tensor.Zeros(n, 3, 2, 2), 0));
    }

    [Fact]
    public void Empty_folders_unreadable_files_bad_channels_and_batch_sizes_are_rejected()
    {
        using var folder = DataFixtures.NewTempFolder();
        File.WriteAllBytes(folder.File("upper.PNG"), []);
        var empty = Assert.Throws<ArgumentException>(() => ImageSet.FromFolder(folder.Path));
        Assert.Contains("case-sensitive", empty.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => ImageSet.FromFolder(folder.File("missing")));
        Assert.Throws<ArgumentException>(() => ImageSet.FromFolder(folder.Path, channels: 4));

        FidTestImages.WriteFolder(folder.Path, FidTestImages.Same(3, 4, 4), seed: 5);
        File.WriteAllBytes(folder.File("img003.png"), [1, 2, 3]);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", "files", "unsupported.bmp"), folder.File("img004.bmp"));
        var set = ImageSet.FromFolder(folder.Path);
        var ex = Assert.Throws<InvalidDataException>(() => Collect(set, 10));
        Assert.StartsWith($"'{folder.File("img003.png")}': ", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Batches(0));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => set.Batches(2, cancelled.Token).ToList());
    }
}
