using System.Text.Json;
using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class MnistDatasetTests
{
    private static string FakeFolder => DataFixtures.FixturePath("fake-mnist");

    [Fact]
    public void LoadRaw_FashionT10k_TenThousandLabelledImages()
    {
        JsonElement expected = DataFixtures.Json("fashion_t10k_expected.json");
        ByteImageDataset data = DataFixtures.FashionT10k;

        Assert.Equal(10000, data.Count);
        Assert.Equal(new ImageShape(1, 28, 28), data.ImageShape);
        var histogram = new int[10];
        for (int i = 0; i < data.Count; i++)
        {
            histogram[data.GetLabel(i)]++;
        }

        Assert.Equal(DataFixtures.Ints(expected.GetProperty("label_histogram")), histogram);
        foreach (JsonProperty sum in expected.GetProperty("image_sums").EnumerateObject())
        {
            long actual = 0;
            foreach (byte b in data.GetPixels(int.Parse(sum.Name, System.Globalization.CultureInfo.InvariantCulture)))
            {
                actual += b;
            }

            Assert.Equal(sum.Value.GetInt64(), actual);
        }
    }

    [Fact]
    public void Load_Default_IsPaddedAndNormalisedExactlyAsTheReference()
    {
        float[] expected = DataFixtures.FloatsFromBits(DataFixtures.Json("fashion_t10k_expected.json").GetProperty("padded_normalised_image0_bits"));
        ImageDataset data = MnistDataset.Load(DataFixtures.FashionFolder, train: false);

        Assert.Equal(new ImageShape(1, 32, 32), data.ImageShape);
        float[] image = data.GetImage(0).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToUInt32Bits), image.Select(BitConverter.SingleToUInt32Bits));
        Assert.Equal(9, data.GetLabel(0));
    }

    [Fact]
    public void Load_Size28And64_KeepOrResize()
    {
        ImageDataset keep = MnistDataset.Load(DataFixtures.FashionFolder, train: false, imageSize: 28, range: PixelScale.Raw);
        ImageDataset big = MnistDataset.Load(DataFixtures.FashionFolder, train: false, imageSize: 64, range: PixelScale.ZeroToOne);

        Assert.Equal(new ImageShape(1, 28, 28), keep.ImageShape);
        Assert.Equal(DataFixtures.FashionT10k.GetPixels(3).ToArray().Select(b => (float)b), keep.GetImage(3).ToArray());
        Assert.Equal(new ImageShape(1, 64, 64), big.ImageShape);
        Assert.InRange(big.GetImage(3).ToArray().Max(), 0.5f, 1f);
    }

    [Fact]
    public void LoadTrainAndTest_ConcatenatesTrainThenTest()
    {
        JsonElement expected = DataFixtures.Json("fake_mnist.json");
        ImageDataset data = MnistDataset.LoadTrainAndTest(FakeFolder, imageSize: 28, range: PixelScale.Raw);

        Assert.Equal(5, data.Count);
        int[] labels = [.. DataFixtures.Ints(expected.GetProperty("train_labels")), .. DataFixtures.Ints(expected.GetProperty("t10k_labels"))];
        Assert.Equal(labels, Enumerable.Range(0, 5).Select(data.GetLabel));
        float[] testImage0 = data.GetImage(3).ToArray();
        Assert.Equal(DataFixtures.Ints(expected.GetProperty("t10k_image0_row14")).Select(v => (float)v), testImage0.AsSpan(14 * 28, 28).ToArray());
    }

    [Fact]
    public void FindFile_SearchesTorchvisionLayoutAndPrefersUncompressed()
    {
        using var temp = DataFixtures.NewTempFolder();
        string raw = Path.Combine(temp.Path, "FashionMNIST", "raw");
        Directory.CreateDirectory(raw);
        File.Copy(Path.Combine(FakeFolder, "t10k-labels-idx1-ubyte.gz"), Path.Combine(raw, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(Path.Combine(raw, "t10k-labels-idx1-ubyte.gz"), MnistDataset.FindFile(temp.Path, MnistDataset.TestLabelsName));

        File.WriteAllBytes(Path.Combine(raw, "t10k-labels-idx1-ubyte"), IdxReaderTests.Labels(2));
        Assert.Equal(Path.Combine(raw, "t10k-labels-idx1-ubyte"), MnistDataset.FindFile(temp.Path, MnistDataset.TestLabelsName));
        Assert.Null(MnistDataset.FindFile(temp.Path, MnistDataset.TrainLabelsName));
    }

    [Fact]
    public void LoadRaw_MissingFiles_ThrowsFileNotFoundSayingWhere()
    {
        using var temp = DataFixtures.NewTempFolder();
        var ex = Assert.Throws<FileNotFoundException>(() => MnistDataset.LoadRaw(temp.Path));
        Assert.Contains(temp.Path, ex.Message);
        Assert.Contains("train-images-idx3-ubyte", ex.Message);
    }

    [Fact]
    public void FromFiles_CountMismatch_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        File.WriteAllBytes(temp.File("images"), IdxReaderTests.Images(3, 4, 4));
        File.WriteAllBytes(temp.File("labels"), IdxReaderTests.Labels(2));
        var ex = Assert.Throws<InvalidDataException>(() => MnistDataset.FromFiles(temp.File("images"), temp.File("labels")));
        Assert.Contains("3 images", ex.Message);
        Assert.Contains("2 labels", ex.Message);
    }
}
