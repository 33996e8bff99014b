using System.IO.Compression;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public class NpzFileTests
{
    [Theory]
    [InlineData("stored.npz")]
    [InlineData("deflated.npz")]
    public void Read_NumpySavez_GivesArraysByNameWithoutSuffix(string file)
    {
        var arrays = NpzFile.Read(Path.Combine(NpyFileTests.Folder, file));

        var expected = NpyFileTests.Manifest.GetProperty("npz");
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), arrays.Keys.Order());
        foreach (var property in expected.EnumerateObject())
        {
            var array = arrays[property.Name];
            Assert.Equal(property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), array.Shape);
            Assert.Equal(NpyFileTests.ExpectedType(property.Value.GetProperty("descr").GetString()!), array.DataType);
            NpyFileTests.AssertValues(property.Value.GetProperty("values"), array);
        }
    }

    [Fact]
    public void Fixture_DeflatedNpz_IsReallyDeflated()
    {
        // zipfile's ZIP_DEFLATED = 8: the fixture exercises the inflating path, not only stored members.
        foreach (var method in NpyFileTests.Manifest.GetProperty("npz_methods").EnumerateObject())
        {
            Assert.Equal(8, method.Value.GetInt32());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WriteThenRead_RoundTripsEveryArray(bool compressed)
    {
        var arrays = new Dictionary<string, RawArray>
        {
            ["mu"] = RawArray.FromDoubles([1.0, 2.5, -3.25], 3),
            ["sigma"] = RawArray.FromDoubles(Enumerable.Range(0, 9).Select(i => i * 0.1).ToArray(), 3, 3),
            ["flags"] = new RawArray(DataType.Bool, [2], [1, 0]),
        };
        using var buffer = new MemoryStream();

        NpzFile.Write(buffer, arrays, compressed);
        buffer.Position = 0;
        var back = NpzFile.Read(buffer);

        Assert.Equal(arrays.Keys.Order(), back.Keys.Order());
        foreach (var (name, array) in arrays)
        {
            Assert.Equal(array.Shape, back[name].Shape);
            Assert.Equal(array.Data, back[name].Data);
        }

        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        Assert.Equal(["flags.npy", "mu.npy", "sigma.npy"], zip.Entries.Select(e => e.FullName).Order());
        Assert.All(zip.Entries, e => Assert.Equal(compressed, e.CompressedLength < e.Length));
    }

    [Fact]
    public void Write_Members_AreNumpysNpyBytes()
    {
        var mu = RawArray.FromDoubles([0.5, 0.25], 2);
        using var buffer = new MemoryStream();

        NpzFile.Write(buffer, [new("mu", mu)], compressed: false);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        using var member = zip.GetEntry("mu.npy")!.Open();
        using var copy = new MemoryStream();
        member.CopyTo(copy);

        Assert.Equal(NpyFile.ToBytes(mu), copy.ToArray());
    }

    [Fact]
    public void Read_NotAZip_ThrowsInvalidData()
    {
        byte[] npy = File.ReadAllBytes(Path.Combine(NpyFileTests.Folder, "f8_5.npy"));

        var e = Assert.Throws<InvalidDataException>(() => NpzFile.Read(new MemoryStream(npy)));
        Assert.Contains("Not a .npz file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MalformedMember_NamesTheMember()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var member = zip.CreateEntry("sigma.npy").Open();
            member.Write("not numpy"u8);
        }

        buffer.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => NpzFile.Read(buffer));
        Assert.Contains("'sigma.npy'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MemberWithLyingShape_ThrowsWithoutHugeAllocation()
    {
        byte[] npy = NpyFile.ToBytes(RawArray.FromDoubles([1.0, 2.0], 2));
        string header = System.Text.Encoding.Latin1.GetString(npy, 10, npy[8]).Replace("(2,)", "(9999999,)", StringComparison.Ordinal);
        System.Text.Encoding.Latin1.GetBytes(header).CopyTo(npy, 10);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var member = zip.CreateEntry("mu.npy", CompressionLevel.Optimal).Open();
            member.Write(npy);
        }

        buffer.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => NpzFile.Read(buffer));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RepeatedOrEmptyName_ThrowsArgumentException()
    {
        var a = RawArray.FromDoubles([1.0], 1);
        using var buffer = new MemoryStream();

        var repeated = Assert.Throws<ArgumentException>(() => NpzFile.Write(buffer, [new("mu", a), new("mu", a)]));
        Assert.Throws<ArgumentException>(() => NpzFile.Write(buffer, [new("", a)]));
        Assert.Contains("'mu'", repeated.Message, StringComparison.Ordinal);
    }
}
