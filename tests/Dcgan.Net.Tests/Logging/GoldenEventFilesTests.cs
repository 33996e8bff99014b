using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dcgan.Net.Logging;

namespace Dcgan.Net.Tests.Logging;

/// <summary>
/// Event files written by <see cref="TensorBoardWriter"/> are committed under Fixtures/Logging/golden/logdir together
/// with what tools/check_tensorboard_events.py (an independent pure-Python TFRecord/protobuf reader; TensorBoard
/// itself is not packaged for Debian) printed for them in check_output.txt.
/// </summary>
public partial class GoldenEventFilesTests
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Logging", "golden");
    private static readonly string LogDir = Path.Combine(Golden, "logdir");

    [GeneratedRegex("""(\w+)=("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\S+)""")]
    private static partial Regex Token();

    [Fact]
    public void Writer_reproduces_the_committed_files_byte_for_byte()
    {
        using var dir = new TempDirectory();
        WriteScenario(dir.Path, File.ReadAllBytes(Path.Combine(Golden, "sample_8x4_rgb.png")));

        string[] expectedRuns = RunDirectories(LogDir);
        Assert.Equal(["resumed", "run", "run/loss_discriminator", "run/loss_generator"], expectedRuns);
        Assert.Equal(expectedRuns, RunDirectories(dir.Path));
        foreach (string run in expectedRuns)
        {
            string expected = Assert.Single(EventFiles(Path.Combine(LogDir, run)));
            string actual = Assert.Single(EventFiles(Path.Combine(dir.Path, run)));
            Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
        }
    }

    [Fact]
    public void Reader_agrees_with_the_independent_python_check()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Golden, "check_output.txt"));
        Assert.Equal("reader pure-python", lines[0]);
        IReadOnlyList<EventRecord>? records = null;
        int next = 0;
        int checkedValues = 0;
        foreach (string line in lines.Skip(1))
        {
            string kind = line[..line.IndexOf(' ', StringComparison.Ordinal)];
            Dictionary<string, string> t = Token().Matches(line).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            switch (kind)
            {
                case "run":
                    records = EventFileReader.ReadAll(Path.Combine(LogDir, Json(t["name"]), Json(t["file"])));
                    next = 0;
                    break;
                case "record":
                    Assert.Equal(("ok", "ok"), (t["length_crc"], t["data_crc"]));
                    break;
                case "end":
                    Assert.Equal("no", t["truncated"]);
                    Assert.Equal(records!.Count, next);
                    break;
                default:
                    CheckRecord(kind, t, records![next++]);
                    checkedValues++;
                    break;
            }
        }

        Assert.Equal(14, checkedValues);
    }

    /// <summary>The scenario the committed files were written with: a fixed clock advancing 0.25 s per event.</summary>
    private static void WriteScenario(string logDir, byte[] png)
    {
        var clock = new FixedClock(1700000000.0);
        void Tick() => clock.Now = clock.Now.AddSeconds(0.25);
        using (var run = new TensorBoardWriter(Path.Combine(logDir, "run"), new TensorBoardWriterOptions { TimeProvider = clock }))
        {
            Tick();
            run.AddScalar("loss/discriminator", 1.3862944f, 0);
            Tick();
            run.AddScalar("loss/generator", 0.6931472f, 1);
            Tick();
            run.AddScalars("loss", new Dictionary<string, float> { ["discriminator"] = 1.25f, ["generator"] = 0.75f }, 1);
            Tick();
            run.AddImage("samples/fixed_noise", png, 8, 4, 3, 2);
            Tick();
            run.AddText("config", "latent 16, hidden 16, \u03b21 = 0.5\n*Adam*", 0);
            Tick();
            run.AddScalar("D(x)", float.NaN, 3);
            Tick();
            run.AddScalar("negative_step", -2.5f, -7);
        }

        Tick();
        using var resumed = new TensorBoardWriter(Path.Combine(logDir, "resumed"), new TensorBoardWriterOptions { TimeProvider = clock, PurgeStep = 5 });
        Tick();
        resumed.AddScalar("loss/generator", 0.5f, 5);
    }

    private static void CheckRecord(string kind, Dictionary<string, string> t, EventRecord record)
    {
        Assert.Equal(ulong.Parse(t["wall_time_bits"][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), BitConverter.DoubleToUInt64Bits(record.WallTime));
        Assert.Equal(long.Parse(t["step"], CultureInfo.InvariantCulture), record.Step);
        switch (kind)
        {
            case "file_version":
                Assert.Equal(EventRecordKind.FileVersion, record.Kind);
                Assert.Equal(Json(t["version"]), record.FileVersion);
                break;
            case "session_log":
                Assert.Equal(EventRecordKind.SessionLog, record.Kind);
                Assert.Equal(int.Parse(t["status"], CultureInfo.InvariantCulture), (int)record.SessionStatus);
                break;
            case "scalar":
                Assert.Equal(EventRecordKind.Scalar, record.Kind);
                Assert.Equal(Json(t["tag"]), record.Tag);
                Assert.Equal(uint.Parse(t["value_bits"][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture), BitConverter.SingleToUInt32Bits(record.ScalarValue));
                break;
            case "image":
                Assert.Equal(EventRecordKind.Image, record.Kind);
                Assert.Equal(Json(t["tag"]), record.Tag);
                LoggedImage image = record.Image!;
                Assert.Equal(t["sha256"], Convert.ToHexStringLower(SHA256.HashData(image.EncodedBytes)));
                Assert.Equal((Int(t["width"]), Int(t["height"]), Int(t["colorspace"]), Int(t["bytes"])), (image.Width, image.Height, image.Channels, image.EncodedBytes.Length));
                Assert.Equal((image.Width, image.Height, image.Channels), (Int(t["png_width"]), Int(t["png_height"]), Int(t["png_channels"])));
                Assert.Equal((uint)image.Width, BinaryPrimitives.ReadUInt32BigEndian(image.EncodedBytes.AsSpan(16)));
                break;
            case "text":
                Assert.Equal(EventRecordKind.Text, record.Kind);
                Assert.Equal((Json(t["tag"]), Json(t["plugin"]), "[1]"), (record.Tag, record.PluginName, t["shape"]));
                Assert.Equal(Json(t["text"]), record.Text);
                break;
            default:
                Assert.Fail($"unexpected line kind '{kind}'");
                break;
        }
    }

    private static string Json(string quoted) => JsonSerializer.Deserialize<string>(quoted)!;

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static string[] EventFiles(string directory) =>
        [.. Directory.GetFiles(directory).Where(f => Path.GetFileName(f).Contains("tfevents", StringComparison.Ordinal))];

    private static string[] RunDirectories(string root) =>
        [.. Directory.GetDirectories(root, "*", SearchOption.AllDirectories)
            .Where(d => EventFiles(d).Length > 0)
            .Select(d => Path.GetRelativePath(root, d).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
}
