using System.Buffers.Binary;
using System.IO.Compression;
using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

public class IdxReaderTests
{
    private static string ImagesGz => Path.Combine(DataFixtures.FashionFolder, "t10k-images-idx3-ubyte.gz");

    private static string LabelsGz => Path.Combine(DataFixtures.FashionFolder, "t10k-labels-idx1-ubyte.gz");

    [Fact]
    public void ReadImages_FashionT10k_MatchesNumpy()
    {
        var expected = DataFixtures.Json("fashion_t10k_expected.json");
        IdxData images = IdxReader.ReadImages(ImagesGz);

        Assert.Equal(IdxReader.ImagesMagic, images.Magic);
        Assert.Equal([10000, 28, 28], images.Dimensions);
        Assert.Equal(expected.GetProperty("count").GetInt32(), images.Count);
        ReadOnlySpan<byte> v = images.Values.Span;
        foreach (var p in expected.GetProperty("pixels").EnumerateArray())
        {
            int i = p.GetProperty("image").GetInt32(), y = p.GetProperty("y").GetInt32(), x = p.GetProperty("x").GetInt32();
            Assert.Equal(p.GetProperty("value").GetInt32(), v[(i * 784) + (y * 28) + x]);
        }

        long total = 0;
        foreach (byte b in v)
        {
            total += b;
        }

        Assert.Equal(expected.GetProperty("total_sum").GetInt64(), total);
    }

    [Fact]
    public void ReadLabels_FashionT10k_HasThousandPerClass()
    {
        var expected = DataFixtures.Json("fashion_t10k_expected.json");
        IdxData labels = IdxReader.ReadLabels(LabelsGz);

        Assert.Equal(IdxReader.LabelsMagic, labels.Magic);
        Assert.Equal([10000], labels.Dimensions);
        var histogram = new int[10];
        foreach (byte b in labels.Values.Span)
        {
            histogram[b]++;
        }

        Assert.Equal(DataFixtures.Ints(expected.GetProperty("label_histogram")), histogram);
        Assert.Equal(DataFixtures.Ints(expected.GetProperty("first_labels")), labels.Values.Span[..20].ToArray().Select(b => (int)b));
    }

    [Fact]
    public void Read_DetectsCompressionByMagicNotName()
    {
        using var temp = DataFixtures.NewTempFolder();
        byte[] raw = Decompress(File.ReadAllBytes(LabelsGz));
        string rawNamedGz = temp.File("labels.gz");
        string gzNamedRaw = temp.File("labels-idx1-ubyte");
        File.WriteAllBytes(rawNamedGz, raw);
        File.Copy(LabelsGz, gzNamedRaw);

        IdxData a = IdxReader.ReadLabels(rawNamedGz);
        IdxData b = IdxReader.ReadLabels(gzNamedRaw);

        Assert.Equal(raw.AsSpan(8).ToArray(), a.Values.ToArray());
        Assert.Equal(a.Values.ToArray(), b.Values.ToArray());
    }

    [Fact]
    public void Read_Stream_RawAndGzipGiveSameData()
    {
        byte[] gz = File.ReadAllBytes(LabelsGz);
        using var gzStream = new MemoryStream(gz);
        using var rawStream = new MemoryStream(Decompress(gz));

        IdxData fromGz = IdxReader.Read(gzStream, "labels", IdxReader.LabelsMagic);
        IdxData fromRaw = IdxReader.Read(rawStream, "labels", IdxReader.LabelsMagic);

        Assert.Equal(fromRaw.Values.ToArray(), fromGz.Values.ToArray());
    }

    [Fact]
    public void ReadLabels_OnImageFile_ThrowsNamingBothMagics()
    {
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(ImagesGz));
        Assert.Contains("0x00000803", ex.Message);
        Assert.Contains("0x00000801", ex.Message);
        Assert.Contains("t10k-images-idx3-ubyte.gz", ex.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1 }, "first two bytes")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1 }, "data type 0x0D")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, "0 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 4 }, "4 dimensions")]
    public void Read_BadMagic_Throws(byte[] magic, string expected)
    {
        byte[] file = [.. magic, 0, 0, 0, 1, 7];
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file), "bad.idx"));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("bad.idx", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    public void Read_TruncatedHeader_ThrowsWithOffset(int length)
    {
        byte[] file = Labels(5)[..length];
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file), "short.idx"));
        Assert.Contains("truncated", ex.Message);
        Assert.Contains($"offset {length}", ex.Message);
    }

    [Fact]
    public void Read_RawHeaderClaimingMoreThanData_Throws()
    {
        byte[] file = Labels(10);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4), 11);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file), "claims.idx"));
        Assert.Contains("claims [11] = 11 bytes", ex.Message);
        Assert.Contains("holds 10", ex.Message);
    }

    [Fact]
    public void Read_RawFileWithTrailingBytes_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        File.WriteAllBytes(temp.File("extra"), [.. Labels(10), 0]);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(temp.File("extra")));
        Assert.Contains("holds 11", ex.Message);
    }

    [Fact]
    public void Read_GzipTruncated_Throws()
    {
        using var temp = DataFixtures.NewTempFolder();
        byte[] gz = File.ReadAllBytes(LabelsGz);
        File.WriteAllBytes(temp.File("cut.gz"), gz[..(gz.Length / 2)]);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(temp.File("cut.gz")));
        Assert.Contains("cut.gz", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Read_GzipHeaderClaimingHugeData_ThrowsWithoutAllocatingTheClaim()
    {
        byte[] file = Images(2, 28, 28);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4), 2_000_000);
        byte[] gz = Compress(file);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz), "huge.gz"));

        Assert.Contains("truncated or its header claims more data", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the 1.5 GB claim must not be allocated");
    }

    [Fact]
    public void Read_GzipWithDataAfterTheDescribedValues_Throws()
    {
        byte[] gz = Compress([.. Labels(4), 9, 9]);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz), "long.gz"));
        Assert.Contains("unexpected data", ex.Message);
        Assert.Contains("offset 12", ex.Message);
    }

    [Fact]
    public void Read_CorruptDeflateData_ThrowsNamingTheFile()
    {
        byte[] gz = Compress(Images(3, 28, 28));
        for (int i = 12; i < gz.Length - 8; i++)
        {
            gz[i] = 0xFF;
        }

        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz), "corrupt.gz"));
        Assert.Contains("corrupt.gz", ex.Message);
    }

    [Fact]
    public void Read_DimensionsOverflowingAnArray_Throws()
    {
        byte[] file = Images(1, 1, 1);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(8), 100_000);
        var ex = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file), "overflow.idx"));
        Assert.Contains("more than one array can hold", ex.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(Path.Combine(DataFixtures.Folder, "no-such-file")));
    }

    internal static byte[] Labels(int count)
    {
        var file = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(file, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4), count);
        for (int i = 0; i < count; i++)
        {
            file[8 + i] = (byte)(i % 10);
        }

        return file;
    }

    internal static byte[] Images(int count, int rows, int cols)
    {
        var file = new byte[16 + (count * rows * cols)];
        BinaryPrimitives.WriteInt32BigEndian(file, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(12), cols);
        for (int i = 16; i < file.Length; i++)
        {
            file[i] = (byte)(i * 7);
        }

        return file;
    }

    internal static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    internal static byte[] Decompress(byte[] gz)
    {
        using var gzip = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
