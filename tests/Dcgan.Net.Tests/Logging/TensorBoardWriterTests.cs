using System.Text.RegularExpressions;
using Dcgan.Net.Logging;

namespace Dcgan.Net.Tests.Logging;

public partial class TensorBoardWriterTests
{
    [GeneratedRegex(@"^events\.out\.tfevents\.\d{10}\.[^.]+(\.[^.]+)*\.\d+\.\d+$")]
    private static partial Regex EventFileName();

    [Fact]
    public void File_name_has_ten_digit_seconds_host_pid_and_counter()
    {
        Assert.Equal("events.out.tfevents.0000000042.host.7.3", TensorBoardWriter.FormatEventFileName(42, "host", 7, 3));
        Assert.Equal("events.out.tfevents.1700000000.h.1.0.v2", TensorBoardWriter.FormatEventFileName(1700000000, "h", 1, 0, ".v2"));

        using var dir = new TempDirectory();
        using var a = new TensorBoardWriter(dir.Combine("a"), new TensorBoardWriterOptions { TimeProvider = new FixedClock(1700000000.75) });
        using var b = new TensorBoardWriter(dir.Combine("b"), new TensorBoardWriterOptions { TimeProvider = new FixedClock(1700000000.75) });
        string nameA = Path.GetFileName(a.FilePath);
        string nameB = Path.GetFileName(b.FilePath);
        Assert.Matches(EventFileName(), nameA);
        Assert.StartsWith($"events.out.tfevents.1700000000.{Environment.MachineName}.{Environment.ProcessId}.", nameA, StringComparison.Ordinal);
        int counterA = int.Parse(nameA[(nameA.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        int counterB = int.Parse(nameB[(nameB.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(counterB > counterA);
    }

    [Fact]
    public void Default_run_directory_is_like_PyTorch()
    {
        var local = new DateTimeOffset(2024, 5, 4, 22, 14, 54, TimeSpan.FromHours(2));
        Assert.Equal(Path.Combine("runs", "May04_22-14-54_myhost"), TensorBoardWriter.DefaultRunDirectory("runs", local, "myhost"));
        Assert.Equal(Path.Combine("logs", "May04_22-14-54_myhost_lr0.1"), TensorBoardWriter.DefaultRunDirectory("logs", local, "myhost", "_lr0.1"));

        using var dir = new TempDirectory();
        var clock = new FixedClock(new DateTimeOffset(2025, 1, 9, 3, 4, 5, TimeSpan.Zero));
        using var writer = TensorBoardWriter.CreateRun(dir.Path, "_x", new TensorBoardWriterOptions { TimeProvider = clock });
        Assert.Equal(Path.Combine(dir.Path, $"Jan09_03-04-05_{Environment.MachineName}_x"), writer.LogDirectory);
        Assert.True(File.Exists(writer.FilePath));
    }

    [Fact]
    public void File_starts_with_the_spec_version_record_and_scalar_record_bytes()
    {
        using var dir = new TempDirectory();
        var clock = new FixedClock(1700000000.0);
        string path;
        using (var writer = new TensorBoardWriter(dir.Path, new TensorBoardWriterOptions { TimeProvider = clock }))
        {
            clock.Now = clock.Now.AddMilliseconds(500);
            writer.AddScalar("loss", 0.25f, 10);
            path = writer.FilePath;
        }

        string expected =
            "18000000000000 00a37f4b22 0900000040fc54d941 1a0d 627261696e2e4576656e743a32 ecED8f9d" +
            "1a00000000000000 129bd82d 0900002040fc54d941 100a 2a0d 0a0b 0a046c6f7373 150000803e 0edb2e9a";
        Assert.Equal(Hex.Format(Hex.Parse(expected)), Hex.Format(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Scalars_images_and_text_round_trip()
    {
        using var dir = new TempDirectory();
        var clock = new FixedClock(1700000000.0);
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3];
        string path;
        using (var writer = new TensorBoardWriter(dir.Path, new TensorBoardWriterOptions { TimeProvider = clock }))
        {
            clock.Now = clock.Now.AddSeconds(1);
            writer.AddScalar("loss/generator", 0.6931472f, 1);
            writer.AddScalar("nan", float.NaN, 2);
            writer.AddImage("samples", png, width: 34, height: 18, channels: 3, step: 3);
            writer.AddText("notes", "lr = 2e-4 *é*", 4);
            writer.AddScalar("big_step", -1.5f, long.MaxValue);
            path = writer.FilePath;
        }

        IReadOnlyList<EventRecord> records = EventFileReader.ReadAll(path);
        Assert.Equal(6, records.Count);
        Assert.Equal(EventRecordKind.FileVersion, records[0].Kind);
        Assert.Equal("brain.Event:2", records[0].FileVersion);
        Assert.Equal(1700000000.0, records[0].WallTime);

        Assert.Equal(new EventRecord { Kind = EventRecordKind.Scalar, WallTime = 1700000001.0, Step = 1, Tag = "loss/generator", ScalarValue = 0.6931472f }, records[1]);
        Assert.True(float.IsNaN(records[2].ScalarValue));

        EventRecord image = records[3];
        Assert.Equal((EventRecordKind.Image, "samples", 3L), (image.Kind, image.Tag, image.Step));
        Assert.Equal(png, image.Image!.EncodedBytes);
        Assert.Equal((34, 18, 3), (image.Image.Width, image.Image.Height, image.Image.Channels));

        EventRecord text = records[4];
        Assert.Equal((EventRecordKind.Text, "notes/text_summary", "text"), (text.Kind, text.Tag, text.PluginName));
        Assert.Equal("lr = 2e-4 *é*", text.Text);
        Assert.Equal(long.MaxValue, records[5].Step);
    }

    [Fact]
    public void AddScalars_writes_one_sub_run_per_curve_with_the_main_tag()
    {
        using var dir = new TempDirectory();
        string run = dir.Combine("exp1");
        using (var writer = new TensorBoardWriter(run))
        {
            writer.AddScalars("loss/all", new Dictionary<string, float> { ["train"] = 1f, ["val"] = 2f }, 0);
            writer.AddScalars("loss/all", new Dictionary<string, float> { ["train"] = 0.5f, ["val"] = 1.5f }, 1);
        }

        Assert.Equal(Path.Combine(run, "loss_all_train"), TensorBoardWriter.ScalarsSubRunDirectory(run, "loss/all", "train"));
        Assert.Equal(["loss_all_train", "loss_all_val"], Directory.GetDirectories(run).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(Directory.GetFiles(run));
        Assert.Single(EventFileReader.ReadRun(run));

        foreach ((string sub, float[] expected) in new[] { ("loss_all_train", new[] { 1f, 0.5f }), ("loss_all_val", new[] { 2f, 1.5f }) })
        {
            string[] files = Directory.GetFiles(Path.Combine(run, sub));
            Assert.Single(files);
            Assert.Matches(EventFileName(), Path.GetFileName(files[0]));
            IReadOnlyList<EventRecord> records = EventFileReader.ReadAll(files[0]);
            Assert.Equal(EventRecordKind.FileVersion, records[0].Kind);
            Assert.All(records.Skip(1), r => Assert.Equal("loss/all", r.Tag));
            Assert.Equal(expected, records.Skip(1).Select(r => r.ScalarValue));
            Assert.Equal([0L, 1L], records.Skip(1).Select(r => r.Step));
        }
    }

    [Fact]
    public void Purge_step_writes_a_session_start_after_the_version_record()
    {
        using var dir = new TempDirectory();
        string path;
        using (var writer = new TensorBoardWriter(dir.Path, new TensorBoardWriterOptions { PurgeStep = 500 }))
        {
            path = writer.FilePath;
        }

        IReadOnlyList<EventRecord> records = EventFileReader.ReadAll(path);
        Assert.Equal(2, records.Count);
        Assert.Equal((EventRecordKind.FileVersion, 500L), (records[0].Kind, records[0].Step));
        Assert.Equal((EventRecordKind.SessionLog, SessionLogStatus.Start, 500L), (records[1].Kind, records[1].SessionStatus, records[1].Step));
    }

    [Fact]
    public void Events_are_readable_while_the_writer_is_open()
    {
        using var dir = new TempDirectory();
        using var writer = new TensorBoardWriter(dir.Path);
        using var reader = new EventFileReader(writer.FilePath);
        Assert.Single(reader.ReadAvailable());
        writer.AddScalar("a", 1, 1);
        Assert.Equal("a", Assert.Single(reader.ReadAvailable()).Tag);
        writer.AddScalar("b", 2, 2);
        writer.AddScalar("c", 3, 3);
        Assert.Equal(["b", "c"], reader.ReadAvailable().Select(r => r.Tag));
        Assert.False(reader.IsTruncated);
    }

    [Fact]
    public void Buffered_mode_writes_on_flush()
    {
        using var dir = new TempDirectory();
        using var writer = new TensorBoardWriter(dir.Path, new TensorBoardWriterOptions { FlushEveryEvent = false });
        writer.AddScalar("a", 1, 1);
        writer.AddScalars("m", new Dictionary<string, float> { ["k"] = 1 }, 1);
        Assert.Equal(0, new FileInfo(writer.FilePath).Length);
        writer.Flush();
        Assert.Equal(2, EventFileReader.ReadAll(writer.FilePath).Count);
        Assert.Equal(2, EventFileReader.ReadRun(Path.Combine(dir.Path, "m_k")).Count);
    }

    [Fact]
    public void Concurrent_writers_never_interleave_records()
    {
        using var dir = new TempDirectory();
        string path;
        using (var writer = new TensorBoardWriter(dir.Path))
        {
            path = writer.FilePath;
            Parallel.For(0, 4, thread =>
            {
                for (int i = 0; i < 250; i++)
                {
                    writer.AddScalar($"t{thread}", i, i);
                    if (i % 50 == 0)
                    {
                        writer.AddScalars("shared", new Dictionary<string, float> { [$"k{thread}"] = i }, i);
                    }
                }
            });
        }

        IReadOnlyList<EventRecord> records = EventFileReader.ReadAll(path);
        Assert.Equal(1 + 1000, records.Count);
        for (int thread = 0; thread < 4; thread++)
        {
            Assert.Equal(Enumerable.Range(0, 250).Select(i => (float)i), records.Where(r => r.Tag == $"t{thread}").Select(r => r.ScalarValue));
            Assert.Equal(1 + 5, EventFileReader.ReadRun(Path.Combine(dir.Path, $"shared_k{thread}")).Count);
        }
    }

    [Fact]
    public void Invalid_arguments_and_use_after_dispose_throw()
    {
        using var dir = new TempDirectory();
        var writer = new TensorBoardWriter(dir.Path);
        Assert.Throws<ArgumentException>(() => writer.AddScalar("", 1, 1));
        Assert.Throws<ArgumentException>(() => writer.AddScalars("m", new Dictionary<string, float> { [""] = 1 }, 1));
        Assert.Throws<ArgumentException>(() => writer.AddImage("i", [], 1, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddImage("i", [1], 0, 1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddImage("i", [1], 1, 1, 5, 0));
        Assert.Throws<ArgumentNullException>(() => writer.AddText("t", null!, 0));
        writer.Dispose();
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.AddScalar("a", 1, 1));
        Assert.Throws<ObjectDisposedException>(() => writer.AddScalars("m", new Dictionary<string, float> { ["k"] = 1 }, 1));
    }
}
