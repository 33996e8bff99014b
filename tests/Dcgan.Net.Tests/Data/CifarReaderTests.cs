using System.Formats.Tar;
using System.Text.Json;
using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class CifarReaderTests
{
    private static string BatchFolder => DataFixtures.FixturePath("cifar-10-batches-bin");

    private static string Archive => DataFixtures.FixturePath("cifar-10-binary-tiny.tar.gz");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadFolder_MatchesNumpyLayout(bool train)
    {
        ByteImageDataset data = CifarReader.ReadFolder(BatchFolder, train);
        AssertMatchesFixture(data, train);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadArchive_MatchesFolder(bool train)
    {
        ByteImageDataset fromArchive = CifarReader.ReadArchive(Archive, train);
        AssertMatchesFixture(fromArchive, train);
    }

    [Fact]
    public void Read_DispatchesOnFolderParentArchiveAndBatchFile()
    {
        Assert.Equal(6, CifarReader.Read(BatchFolder).Count);
        Assert.Equal(6, CifarReader.Read(DataFixtures.Folder).Count);
        Assert.Equal(2, CifarReader.Read(Archive, train: false).Count);
        Assert.Equal(2, CifarReader.Read(Path.Combine(BatchFolder, "data_batch_1.bin")).Count);
    }

    [Fact]
    public void ReadBatchFile_NotWholeRecords_ThrowsWithOffset()
    {
        using var temp = DataFixtures.NewTempFolder();
        byte[] bytes = File.ReadAllBytes(Path.Combine(BatchFolder, "data_batch_1.bin"));
        File.WriteAllBytes(temp.File("cut.bin"), bytes[..5000]);
        var ex = Assert.Throws<InvalidDataException>(() => CifarReader.ReadBatchFile(temp.File("cut.bin")));
        Assert.Contains("5000 bytes is not a whole", ex.Message);
        Assert.Contains("offset 3073", ex.Message);
    }

    [Fact]
    public void ReadBatchFile_EmptyFile_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        File.WriteAllBytes(temp.File("empty.bin"), []);
        Assert.Throws<InvalidDataException>(() => CifarReader.ReadBatchFile(temp.File("empty.bin")));
    }

    [Fact]
    public void ReadBatchFile_LabelOutOfRange_ThrowsWithOffset()
    {
        using var temp = DataFixtures.NewTempFolder();
        byte[] bytes = File.ReadAllBytes(Path.Combine(BatchFolder, "data_batch_1.bin"));
        bytes[CifarReader.RecordLength] = 37;
        File.WriteAllBytes(temp.File("bad.bin"), bytes);
        var ex = Assert.Throws<InvalidDataException>(() => CifarReader.ReadBatchFile(temp.File("bad.bin")));
        Assert.Contains("label 37 at offset 3073", ex.Message);
    }

    [Fact]
    public void ReadBatchFile_GzipTruncatedInsideARecord_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        byte[] bytes = File.ReadAllBytes(Path.Combine(BatchFolder, "data_batch_1.bin"));
        File.WriteAllBytes(temp.File("cut.bin.gz"), IdxReaderTests.Compress(bytes[..4000]));
        var ex = Assert.Throws<InvalidDataException>(() => CifarReader.ReadBatchFile(temp.File("cut.bin.gz")));
        Assert.Contains("record at offset 3073 has only 927", ex.Message);
    }

    [Fact]
    public void ReadBatchFile_Gzip_ReadsSameRecords()
    {
        using var temp = DataFixtures.NewTempFolder();
        byte[] bytes = File.ReadAllBytes(Path.Combine(BatchFolder, "test_batch.bin"));
        File.WriteAllBytes(temp.File("test_batch.bin.gz"), IdxReaderTests.Compress(bytes));
        ByteImageDataset data = CifarReader.ReadBatchFile(temp.File("test_batch.bin.gz"));
        Assert.Equal(2, CifarReader.Read(temp.File("test_batch.bin.gz")).Count);
        Assert.Equal(CifarReader.ReadBatchFile(Path.Combine(BatchFolder, "test_batch.bin")).GetPixels(1).ToArray(), data.GetPixels(1).ToArray());
    }

    [Fact]
    public void ReadFolder_MissingBatch_ThrowsFileNotFound()
    {
        using var temp = DataFixtures.NewTempFolder();
        File.Copy(Path.Combine(BatchFolder, "data_batch_1.bin"), temp.File("data_batch_1.bin"));
        var ex = Assert.Throws<FileNotFoundException>(() => CifarReader.ReadFolder(temp.Path, train: true));
        Assert.Contains("data_batch_2.bin", ex.Message);
    }

    [Fact]
    public void ReadArchive_Truncated_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        byte[] gz = File.ReadAllBytes(Archive);
        File.WriteAllBytes(temp.File("cut.tar.gz"), gz[..(gz.Length * 2 / 3)]);
        var ex = Assert.Throws<InvalidDataException>(() => CifarReader.ReadArchive(temp.File("cut.tar.gz"), train: false));
        Assert.Contains("cut.tar.gz", ex.Message);
    }

    [Fact]
    public void ReadArchive_MissingBatch_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        string tar = temp.File("partial.tar");
        using (var writer = new TarWriter(File.Create(tar)))
        {
            writer.WriteEntry(Path.Combine(BatchFolder, "test_batch.bin"), "cifar-10-batches-bin/test_batch.bin");
        }

        Assert.Equal(2, CifarReader.ReadArchive(tar, train: false).Count);
        Assert.Equal(2, CifarReader.Read(tar, train: false).Count);
        var ex = Assert.Throws<InvalidDataException>(() => CifarReader.ReadArchive(tar, train: true));
        Assert.Contains("no data_batch_1.bin", ex.Message);
    }

    [Fact]
    public void ReadArchive_GarbageIsNotAnArchive_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        File.WriteAllBytes(temp.File("garbage.tar"), [.. Enumerable.Range(0, 1500).Select(i => (byte)(i * 31))]);
        var ex = Assert.Throws<InvalidDataException>(() => CifarReader.ReadArchive(temp.File("garbage.tar")));
        Assert.Contains("garbage.tar", ex.Message);
    }

    private static void AssertMatchesFixture(ByteImageDataset data, bool train)
    {
        JsonElement expected = DataFixtures.Json("cifar_expected.json");
        Assert.Equal(new ImageShape(3, 32, 32), data.ImageShape);
        int offset = 0;
        foreach (string name in CifarReader.BatchNames(train))
        {
            JsonElement batch = expected.GetProperty(name);
            int[] labels = DataFixtures.Ints(batch.GetProperty("labels"));
            for (int r = 0; r < labels.Length; r++)
            {
                Assert.Equal(labels[r], data.GetLabel(offset + r));
            }

            foreach (JsonElement p in batch.GetProperty("pixels").EnumerateArray())
            {
                int r = p.GetProperty("record").GetInt32(), c = p.GetProperty("c").GetInt32();
                int y = p.GetProperty("y").GetInt32(), x = p.GetProperty("x").GetInt32();
                Assert.Equal(p.GetProperty("value").GetInt32(), data.GetPixels(offset + r)[(c * 1024) + (y * 32) + x]);
            }

            offset += labels.Length;
        }

        Assert.Equal(offset, data.Count);
    }
}
