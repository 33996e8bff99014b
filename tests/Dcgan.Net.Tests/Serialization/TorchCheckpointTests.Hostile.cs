using System.IO.Compression;
using System.Text;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public sealed partial class TorchCheckpointTests
{
    private static InvalidDataException Rejects(byte[] file) =>
        Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Read(new MemoryStream(file)));

    /// <summary>The legacy tail: the storage-key list, then per key an int64 element count and float32 zeros.</summary>
    private static byte[] StorageTail(params (string Key, long Count)[] storages)
    {
        var list = new PickleBytes().Op(']', '(');
        foreach (var (key, _) in storages)
        {
            list.Str(key);
        }

        var bytes = new List<byte>(list.Op('e', '.').ToArray());
        foreach (var (_, count) in storages)
        {
            bytes.AddRange(BitConverter.GetBytes(count));
            bytes.AddRange(new byte[count * 4]);
        }

        return [.. bytes];
    }

    [Theory]
    [InlineData("state_dict_zip.pt")]
    [InlineData("state_dict_legacy.pt")]
    public void Read_TruncatedAtEveryLength_ThrowsInvalidDataException(string fixture)
    {
        byte[] file = File.ReadAllBytes(SerializationFixtures.PathOf(fixture));

        for (int length = 0; length < file.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Read(new MemoryStream(file, 0, length)));
        }
    }

    [Theory]
    [InlineData("state_dict_zip.pt")]
    [InlineData("state_dict_legacy.pt")]
    public void Read_SingleByteCorruptions_EitherLoadOrThrowInvalidDataException(string fixture)
    {
        byte[] original = File.ReadAllBytes(SerializationFixtures.PathOf(fixture));
        var random = new Random(4242);
        for (int trial = 0; trial < 600; trial++)
        {
            byte[] file = (byte[])original.Clone();
            file[random.Next(file.Length)] = (byte)random.Next(256);
            try
            {
                TorchCheckpoint.Read(new MemoryStream(file));
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public void Read_UnknownGlobal_IsRefusedNamingIt()
    {
        byte[] pickle = new PickleBytes().Global("os", "system").Str("echo hi").Op('\u0085', 'R', '.').ToArray();

        Assert.Contains("'os.system'", Rejects(PickleBytes.Legacy(pickle)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestingDepthBomb_IsRefusedWithoutRecursion()
    {
        const int depth = 50_000;
        byte[] pickle = new PickleBytes().Op(Enumerable.Repeat('(', depth).ToArray()).Op(']')
            .Op(Enumerable.Repeat('l', depth).ToArray()).Op('.').ToArray();

        Assert.Contains("more than 256 levels", Rejects(PickleBytes.Legacy(pickle)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListContainingItself_IsRefusedAsCycle()
    {
        byte[] pickle = new PickleBytes().Op(']', 'q').Raw(0).Op('h').Raw(0).Op('a', '.').ToArray();

        Assert.Contains("cycle", Rejects(PickleBytes.Legacy(pickle)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StackBomb_IsRefusedAtTheLimit()
    {
        byte[] pickle = new PickleBytes().Op(Enumerable.Repeat('N', PickleReader.MaxStackDepth + 1).ToArray()).Op('.').ToArray();

        Assert.Contains("stack grew past", Rejects(PickleBytes.Legacy(pickle)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MemoBomb_IsRefusedAtTheLimit()
    {
        var builder = new PickleBytes().Op('N');
        for (int i = 0; i <= PickleReader.MaxMemoEntries; i++)
        {
            builder.Op('r').Raw(BitConverter.GetBytes(i));
        }

        Assert.Contains("memo grew past", Rejects(PickleBytes.Legacy(builder.Op('.').ToArray())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ExpandedTensor_IsRefusedBeforeMaterializing()
    {
        byte[] pickle = new PickleBytes().Tensor("0", numel: 1, offset: 0, size: [100_000_000], stride: [0]).Op('.').ToArray();

        InvalidDataException error = Rejects(PickleBytes.Legacy(pickle, StorageTail(("0", 1))));

        Assert.Contains("overlaps itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TensorOutsideItsStorage_IsRefused()
    {
        byte[] pickle = new PickleBytes().Tensor("0", numel: 4, offset: 2, size: [3], stride: [1]).Op('.').ToArray();

        Assert.Contains("does not fit storage '0'", Rejects(PickleBytes.Legacy(pickle, StorageTail(("0", 4)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StorageLargerThanTheFile_IsRefusedWithoutAllocating()
    {
        byte[] pickle = new PickleBytes().Tensor("0", numel: 1_000_000_000, offset: 0, size: [1_000_000_000], stride: [1]).Op('.').ToArray();

        Assert.Contains("more bytes than the whole", Rejects(PickleBytes.Legacy(pickle)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LegacyStorageCountMismatchOrMissingData_IsRefused()
    {
        byte[] pickle = new PickleBytes().Tensor("7", numel: 2, offset: 0, size: [2], stride: [1]).Op('.').ToArray();

        Assert.Equal([0.0, 0.0], Assert.IsType<RawArray>(TorchCheckpoint.Read(new MemoryStream(PickleBytes.Legacy(pickle, StorageTail(("7", 2)))))).ToDoubleArray());
        Assert.Contains("holds 3 elements", Rejects(PickleBytes.Legacy(pickle, StorageTail(("7", 3)))).Message, StringComparison.Ordinal);
        Assert.Contains("no data for storage '7'", Rejects(PickleBytes.Legacy(pickle)).Message, StringComparison.Ordinal);
        Assert.Contains("which no tensor uses", Rejects(PickleBytes.Legacy(pickle, StorageTail(("7", 2), ("8", 1)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LegacyStorageView_ReadsTheViewedRange()
    {
        byte[] pickle = new PickleBytes().Tensor("5", numel: 4, offset: 1, size: [2], stride: [1], view: ("9", 1, 3)).Op('.').ToArray();
        byte[] keys = new PickleBytes().Op(']').Str("5").Op('a', '.').ToArray();
        byte[] storage = [.. BitConverter.GetBytes(4L), .. RawArray.FromSingles([10f, 11f, 12f, 13f], 4).Data];

        var tensor = Assert.IsType<RawArray>(TorchCheckpoint.Read(new MemoryStream(PickleBytes.Legacy(pickle, [.. keys, .. storage]))));
        byte[] outside = new PickleBytes().Tensor("5", numel: 4, offset: 0, size: [1], stride: [1], view: ("9", 2, 3)).Op('.').ToArray();

        Assert.Equal([12f, 13f], tensor.ToSingleArray());
        Assert.Contains("outside storage '5'", Rejects(PickleBytes.Legacy(outside, [.. keys, .. storage])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotACheckpoint_SaysSo()
    {
        Assert.Contains("not a PyTorch checkpoint", Rejects(Encoding.ASCII.GetBytes("hello world")).Message, StringComparison.Ordinal);
        Assert.Contains("magic number", Rejects(new PickleBytes().Op('K').Raw(1).Op('.').ToArray()).Message, StringComparison.Ordinal);
        Assert.Contains("not a PyTorch checkpoint", Rejects([]).Message, StringComparison.Ordinal);
    }

    private static byte[] Zip(params (string Name, byte[] Data, CompressionLevel Level)[] records)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data, level) in records)
            {
                using Stream entry = zip.CreateEntry(name, level).Open();
                entry.Write(data);
            }
        }

        return stream.ToArray();
    }

    [Fact]
    public void Read_ZipVariants_AreRefusedWithReasons()
    {
        byte[] pickle = new PickleBytes().Tensor("0", numel: 2, offset: 0, size: [2], stride: [1]).Op('.').ToArray();
        const CompressionLevel Stored = CompressionLevel.NoCompression;
        byte[] good = Zip(("a/data.pkl", pickle, Stored), ("a/data/0", new byte[8], Stored), ("a/version", "3\n"u8.ToArray(), Stored));

        Assert.Equal([0.0, 0.0], Assert.IsType<RawArray>(TorchCheckpoint.Read(new MemoryStream(good))).ToDoubleArray());
        Assert.Contains("TorchScript", Rejects(Zip(("a/data.pkl", pickle, Stored), ("a/constants.pkl", pickle, Stored))).Message, StringComparison.Ordinal);
        Assert.Contains("no record 'a/data/0'", Rejects(Zip(("a/data.pkl", pickle, Stored))).Message, StringComparison.Ordinal);
        Assert.Contains("holds 4 bytes", Rejects(Zip(("a/data.pkl", pickle, Stored), ("a/data/0", new byte[4], Stored))).Message, StringComparison.Ordinal);
        Assert.Contains("not inside a folder", Rejects(Zip(("data.pkl", pickle, Stored))).Message, StringComparison.Ordinal);
        Assert.Contains("no 'a/data.pkl'", Rejects(Zip(("a/other", pickle, Stored))).Message, StringComparison.Ordinal);
        Assert.Contains("uncompressed", Rejects(Zip(("a/data.pkl", pickle, CompressionLevel.Optimal))).Message, StringComparison.Ordinal);
        Assert.Contains("big-endian", Rejects(Zip(("a/data.pkl", pickle, Stored), ("a/byteorder", "big"u8.ToArray(), Stored))).Message, StringComparison.Ordinal);
    }
}
