using Dcgan.Net.Logging;
using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Tests.Logging;

public class EventFileReaderTests
{
    [Fact]
    public void Flipped_byte_in_a_length_field_throws_naming_the_record_offset()
    {
        (byte[] file, long secondRecord) = WriteTwoScalars();
        file[secondRecord + 1] ^= 0x10;
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(file));
        Assert.Contains($"offset {secondRecord}", e.Message, StringComparison.Ordinal);
        Assert.Contains("length CRC", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flipped_byte_in_a_payload_throws_naming_the_record_offset()
    {
        (byte[] file, long secondRecord) = WriteTwoScalars();
        file[secondRecord + 20] ^= 0x01;
        var e = Assert.Throws<InvalidDataException>(() => ReadAll(file));
        Assert.Contains($"offset {secondRecord}", e.Message, StringComparison.Ordinal);
        Assert.Contains("payload CRC", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_last_record_is_skipped_and_reported()
    {
        (byte[] file, long secondRecord) = WriteTwoScalars();
        for (long cut = secondRecord + 1; cut < file.Length; cut++)
        {
            using var reader = new EventFileReader(new MemoryStream(file[..(int)cut]));
            IReadOnlyList<EventRecord> records = reader.ReadAvailable();
            Assert.Equal(2, records.Count);
            Assert.True(reader.IsTruncated);
            Assert.Equal(secondRecord, reader.Offset);
        }

        using var whole = new EventFileReader(new MemoryStream(file));
        Assert.Equal(3, whole.ReadAvailable().Count);
        Assert.False(whole.IsTruncated);
    }

    [Fact]
    public void Valid_framing_around_a_malformed_event_throws_with_both_offsets()
    {
        byte[] good = TfRecord.Frame(EventMessage.ForFileVersion(1, 0, "brain.Event:2").ToByteArray());
        byte[] bad = TfRecord.Frame([0x09, 0x00, 0x00]);
        var e = Assert.Throws<InvalidDataException>(() => ReadAll([.. good, .. bad]));
        Assert.Contains($"offset {good.Length} of the file", e.Message, StringComparison.Ordinal);
        Assert.Contains("byte 1 of the record payload", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorFlow_2_tensor_scalars_are_read_as_scalars()
    {
        var fromContent = new TensorMessage { DataType = TensorMessage.DataTypeFloat, TensorContent = BitConverter.GetBytes(0.99f) };
        var fromFloatVal = new TensorMessage { DataType = TensorMessage.DataTypeFloat };
        fromFloatVal.FloatValues.Add(-2.5f);
        var fromDouble = new TensorMessage { DataType = TensorMessage.DataTypeDouble, TensorContent = BitConverter.GetBytes(0.125) };
        var vector = new TensorMessage { DataType = TensorMessage.DataTypeFloat };
        vector.Shape.Add(2);
        vector.FloatValues.AddRange([1f, 2f]);
        var scalars = new SummaryMetadataMessage { PluginName = "scalars" };

        var summary = new SummaryMessage();
        summary.Values.Add(SummaryValueMessage.ForTensor("accuracy", fromContent, scalars));
        summary.Values.Add(SummaryValueMessage.ForTensor("b", fromFloatVal, null));
        summary.Values.Add(SummaryValueMessage.ForTensor("c", fromDouble, null));
        summary.Values.Add(SummaryValueMessage.ForTensor("v", vector, null));
        IReadOnlyList<EventRecord> records = ReadAll(TfRecord.Frame(EventMessage.ForSummary(3, 77, summary).ToByteArray()));

        Assert.Equal(4, records.Count);
        Assert.Equal((EventRecordKind.Scalar, "accuracy", "scalars", 0.99f, 77L), (records[0].Kind, records[0].Tag, records[0].PluginName, records[0].ScalarValue, records[0].Step));
        Assert.Equal((EventRecordKind.Scalar, -2.5f), (records[1].Kind, records[1].ScalarValue));
        Assert.Equal((EventRecordKind.Scalar, 0.125f), (records[2].Kind, records[2].ScalarValue));
        Assert.Equal((EventRecordKind.Other, "v"), (records[3].Kind, records[3].Tag));
    }

    [Fact]
    public void Graph_events_are_reported_as_other()
    {
        var w = new ProtoWriter();
        w.WriteDouble(1, 4.0);
        w.WriteInt64(2, 9);
        w.WriteBytes(4, [1, 2, 3]);
        EventRecord record = Assert.Single(ReadAll(TfRecord.Frame(w.WrittenSpan)));
        Assert.Equal((EventRecordKind.Other, 4.0, 9L, ""), (record.Kind, record.WallTime, record.Step, record.Tag));
    }

    [Fact]
    public void Record_length_limit_is_configurable()
    {
        (byte[] file, _) = WriteTwoScalars();
        using var reader = new EventFileReader(new MemoryStream(file), maxRecordLength: 10);
        var e = Assert.Throws<InvalidDataException>(() => reader.ReadAvailable());
        Assert.Contains("offset 0", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventFileReader(new MemoryStream(), maxRecordLength: -1));
    }

    [Fact]
    public void ReadRun_reads_event_files_in_lexicographic_order_and_ignores_others()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("events.out.tfevents.0000000002.h.1.0"), TfRecord.Frame(EventMessage.ForFileVersion(2, 0, "second").ToByteArray()));
        File.WriteAllBytes(dir.Combine("events.out.tfevents.0000000001.h.1.1"), TfRecord.Frame(EventMessage.ForFileVersion(1, 0, "first").ToByteArray()));
        File.WriteAllText(dir.Combine("notes.txt"), "not an event file");
        Directory.CreateDirectory(dir.Combine("sub"));
        File.WriteAllBytes(dir.Combine("sub", "events.out.tfevents.0000000000.h.1.2"), TfRecord.Frame(EventMessage.ForFileVersion(0, 0, "other run").ToByteArray()));
        Assert.Equal(["first", "second"], EventFileReader.ReadRun(dir.Path).Select(r => r.FileVersion));
    }

    [Fact]
    public void Dispose_closes_unless_left_open()
    {
        var stream = new MemoryStream();
        new EventFileReader(stream, leaveOpen: true).Dispose();
        Assert.True(stream.CanRead);
        var reader = new EventFileReader(stream);
        reader.Dispose();
        Assert.False(stream.CanRead);
        Assert.Throws<ObjectDisposedException>(() => reader.ReadAvailable());
    }

    [Fact]
    public void Thousands_of_corrupted_files_only_ever_throw_InvalidDataException()
    {
        byte[] original = File.ReadAllBytes(Path.Combine(
            AppContext.BaseDirectory, "Fixtures", "Logging", "golden", "logdir", "run", "events.out.tfevents.1700000000.golden.1.0"));
        var random = new Random(20240505);
        int flipsRejected = 0, truncationsReported = 0, reframedRejected = 0;
        for (int i = 0; i < 1000; i++)
        {
            flipsRejected += Read(FlipBytes(original, random), out _) ? 0 : 1;

            int cut = random.Next(1, original.Length);
            Assert.True(Read(original[..cut], out bool truncated));
            truncationsReported += truncated ? 1 : 0;

            reframedRejected += Read(ReframeWithMutatedPayloads(original, random), out _) ? 0 : 1;
        }

        // Every flipped byte breaks a CRC; a cut is truncation unless it falls on a record boundary; payloads
        // re-framed with valid CRCs reach the protobuf parser, which rejects the malformed ones.
        Assert.Equal(1000, flipsRejected);
        Assert.InRange(truncationsReported, 980, 1000);
        Assert.InRange(reframedRejected, 100, 999);

        static bool Read(byte[] file, out bool truncated)
        {
            using var reader = new EventFileReader(new MemoryStream(file), maxRecordLength: 1 << 16);
            try
            {
                reader.ReadAvailable();
                truncated = reader.IsTruncated;
                return true;
            }
            catch (InvalidDataException)
            {
                truncated = false;
                return false;
            }
        }
    }

    private static byte[] FlipBytes(byte[] original, Random random)
    {
        byte[] file = (byte[])original.Clone();
        foreach (int position in Enumerable.Range(0, file.Length).OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
        {
            file[position] ^= (byte)random.Next(1, 256);
        }

        return file;
    }

    /// <summary>Mutates event payloads and frames them again with correct CRCs, so the protobuf parser sees them.</summary>
    private static byte[] ReframeWithMutatedPayloads(byte[] original, Random random)
    {
        var records = new TfRecordReader(new MemoryStream(original), int.MaxValue);
        var output = new List<byte>();
        while (records.TryRead(out byte[] payload) == TfRecordReadStatus.Record)
        {
            switch (random.Next(3))
            {
                case 0 when payload.Length > 0:
                    payload[random.Next(payload.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    payload = payload[..random.Next(payload.Length + 1)];
                    break;
                default:
                    payload = [.. payload, 0x12, 0xff, 0xff, 0xff, 0xff, 0x0f];
                    break;
            }

            output.AddRange(TfRecord.Frame(payload));
        }

        return [.. output];
    }

    private static IReadOnlyList<EventRecord> ReadAll(byte[] file)
    {
        using var reader = new EventFileReader(new MemoryStream(file));
        return reader.ReadAvailable();
    }

    /// <summary>A file with the version record and two scalars; returns the offset of the last record.</summary>
    private static (byte[] File, long LastRecord) WriteTwoScalars()
    {
        using var dir = new TempDirectory();
        using var writer = new TensorBoardWriter(dir.Path, new TensorBoardWriterOptions { TimeProvider = new FixedClock(1700000000.0) });
        writer.AddScalar("a", 1, 1);
        long lastRecord = new FileInfo(writer.FilePath).Length;
        writer.AddScalar("b", 2, 2);
        writer.Dispose();
        return (File.ReadAllBytes(writer.FilePath), lastRecord);
    }
}
