using System.Text;
using Dcgan.Net.Logging;
using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Tests.Logging;

public class TfRecordTests
{
    private const string FileVersionRecord =
        "18 00 00 00 00 00 00 00 a3 7f 4b 22 09 00 00 00 40 fc 54 d9 41 1a 0d 62 72 61 69 6e 2e 45 76 65 6e 74 3a 32 ec ed 8f 9d";

    private const string ScalarRecord =
        "1a 00 00 00 00 00 00 00 12 9b d8 2d 09 00 00 20 40 fc 54 d9 41 10 0a 2a 0d 0a 0b 0a 04 6c 6f 73 73 15 00 00 80 3e 0e db 2e 9a";

    [Fact]
    public void Framing_matches_the_spec_records()
    {
        byte[] versionPayload = EventMessage.ForFileVersion(1700000000.0, 0, "brain.Event:2").ToByteArray();
        Assert.Equal(Hex.Parse(FileVersionRecord), TfRecord.Frame(versionPayload));

        var summary = new SummaryMessage();
        summary.Values.Add(SummaryValueMessage.ForSimpleValue("loss", 0.25f));
        byte[] scalarPayload = EventMessage.ForSummary(1700000000.5, 10, summary).ToByteArray();
        Assert.Equal(Hex.Parse(ScalarRecord), TfRecord.Frame(scalarPayload));
    }

    [Fact]
    public void Reader_returns_payloads_then_end_of_stream()
    {
        using var stream = new MemoryStream(Hex.Parse(FileVersionRecord + ScalarRecord));
        var reader = new TfRecordReader(stream, 1000);
        Assert.Equal(TfRecordReadStatus.Record, reader.TryRead(out byte[] first));
        Assert.Equal(24, first.Length);
        Assert.Equal(40, reader.Offset);
        Assert.Equal(TfRecordReadStatus.Record, reader.TryRead(out byte[] second));
        Assert.Equal(26, second.Length);
        Assert.Equal(TfRecordReadStatus.EndOfStream, reader.TryRead(out _));
        Assert.Equal(82, reader.Offset);
    }

    [Fact]
    public void Empty_payload_round_trips()
    {
        using var stream = new MemoryStream(TfRecord.Frame([]));
        Assert.Equal(TfRecordReadStatus.Record, new TfRecordReader(stream, 0).TryRead(out byte[] payload));
        Assert.Empty(payload);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(44)]
    [InlineData(47)]
    [InlineData(48)]
    public void Flipped_byte_in_length_or_its_crc_throws_with_offset(int index)
    {
        byte[] file = Hex.Parse(FileVersionRecord + ScalarRecord);
        file[index] ^= 0x01;
        var reader = new TfRecordReader(new MemoryStream(file), 1 << 20);
        Assert.Equal(TfRecordReadStatus.Record, reader.TryRead(out _));
        var e = Assert.Throws<InvalidDataException>(() => reader.TryRead(out _));
        Assert.Contains("offset 40", e.Message, StringComparison.Ordinal);
        Assert.Contains("length CRC", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(52)]
    [InlineData(70)]
    [InlineData(78)]
    [InlineData(81)]
    public void Flipped_byte_in_payload_or_its_crc_throws_with_offset(int index)
    {
        byte[] file = Hex.Parse(FileVersionRecord + ScalarRecord);
        file[index] ^= 0x40;
        var reader = new TfRecordReader(new MemoryStream(file), 1 << 20);
        Assert.Equal(TfRecordReadStatus.Record, reader.TryRead(out _));
        var e = Assert.Throws<InvalidDataException>(() => reader.TryRead(out _));
        Assert.Contains("offset 40", e.Message, StringComparison.Ordinal);
        Assert.Contains("payload CRC", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_cut_inside_the_last_record_reports_truncated_and_rewinds()
    {
        byte[] file = Hex.Parse(FileVersionRecord + ScalarRecord);
        for (int cut = 41; cut < file.Length; cut++)
        {
            using var stream = new MemoryStream(file.AsSpan(0, cut).ToArray());
            var reader = new TfRecordReader(stream, 1 << 20);
            Assert.Equal(TfRecordReadStatus.Record, reader.TryRead(out _));
            Assert.Equal(TfRecordReadStatus.Truncated, reader.TryRead(out byte[] none));
            Assert.Empty(none);
            Assert.Equal(40, reader.Offset);
            Assert.Equal(40, stream.Position);
        }
    }

    [Fact]
    public void Reading_resumes_when_the_rest_of_a_truncated_record_arrives()
    {
        byte[] file = Hex.Parse(FileVersionRecord + ScalarRecord);
        using var stream = new MemoryStream();
        stream.Write(file, 0, 60);
        stream.Position = 0;
        var reader = new TfRecordReader(stream, 1 << 20);
        Assert.Equal(TfRecordReadStatus.Record, reader.TryRead(out _));
        Assert.Equal(TfRecordReadStatus.Truncated, reader.TryRead(out _));

        long position = stream.Position;
        stream.Seek(0, SeekOrigin.End);
        stream.Write(file, 60, file.Length - 60);
        stream.Position = position;
        Assert.Equal(TfRecordReadStatus.Record, reader.TryRead(out byte[] payload));
        Assert.Equal(26, payload.Length);
        Assert.Equal(TfRecordReadStatus.EndOfStream, reader.TryRead(out _));
    }

    [Fact]
    public void Length_above_the_limit_throws_before_allocating()
    {
        byte[] record = TfRecord.Frame(new byte[100]);
        var e = Assert.Throws<InvalidDataException>(() => new TfRecordReader(new MemoryStream(record), 99).TryRead(out _));
        Assert.Contains("payload length 100 exceeds the limit of 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forged_huge_length_with_valid_crc_is_truncated_not_allocated()
    {
        // A 1 GiB length with a correct length CRC and only a few payload bytes behind it.
        byte[] header = new byte[12];
        BitConverter.TryWriteBytes(header.AsSpan(0, 8), 1L << 30);
        BitConverter.TryWriteBytes(header.AsSpan(8, 4), Crc32C.ComputeMasked(header.AsSpan(0, 8)));
        byte[] file = [.. header, .. Encoding.ASCII.GetBytes("short")];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var status = new TfRecordReader(new MemoryStream(file), int.MaxValue).TryRead(out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(TfRecordReadStatus.Truncated, status);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }
}
