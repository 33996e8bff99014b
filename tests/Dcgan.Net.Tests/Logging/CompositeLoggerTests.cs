using Dcgan.Net.Logging;

namespace Dcgan.Net.Tests.Logging;

public class CompositeLoggerTests
{
    [Fact]
    public void Fans_scalars_out_and_images_only_to_image_loggers()
    {
        var scalarsOnly = new RecordingLogger();
        var withImages = new RecordingImageLogger();
        using var composite = new CompositeLogger(scalarsOnly, withImages);
        composite.LogScalar("loss", 0.5f, 7);
        composite.LogImage("grid", [1, 2, 3], 4, 5, 1, 8);
        composite.Flush();

        Assert.Equal(["loss=0.5@7"], scalarsOnly.Calls);
        Assert.Equal(["loss=0.5@7", "grid:3 bytes 4x5x1@8"], withImages.Calls);
        Assert.Equal(1, scalarsOnly.Flushes);
        Assert.Equal(1, withImages.Flushes);
        Assert.Equal([scalarsOnly, withImages], composite.Loggers);
    }

    [Fact]
    public void Disposes_its_loggers_and_writes_real_files()
    {
        using var dir = new TempDirectory();
        var tensorBoard = new TensorBoardWriter(dir.Combine("run"));
        var csv = new CsvScalarLogger(dir.Combine("run", "scalars.csv"));
        var composite = new CompositeLogger(tensorBoard, csv);
        composite.LogScalar("D(x)", 0.75f, 1);
        composite.LogImage("samples", [0x89, 0x50], 2, 2, 3, 1);
        composite.Dispose();

        Assert.Throws<ObjectDisposedException>(() => tensorBoard.AddScalar("a", 1, 1));
        Assert.Throws<ObjectDisposedException>(() => csv.LogScalar("a", 1, 1));
        IReadOnlyList<EventRecord> records = EventFileReader.ReadAll(tensorBoard.FilePath);
        Assert.Equal([EventRecordKind.FileVersion, EventRecordKind.Scalar, EventRecordKind.Image], records.Select(r => r.Kind));
        Assert.Equal(2, File.ReadAllLines(csv.FilePath).Length);
    }

    [Fact]
    public void Null_loggers_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new CompositeLogger(new RecordingLogger(), null!));
        Assert.Contains("index 1", e.Message, StringComparison.Ordinal);
    }

    private class RecordingLogger : IScalarLogger
    {
        public List<string> Calls { get; } = [];

        public int Flushes { get; private set; }

        public void LogScalar(string tag, float value, long step) =>
            Calls.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{tag}={value}@{step}"));

        public void Flush() => Flushes++;
    }

    private sealed class RecordingImageLogger : RecordingLogger, IImageLogger
    {
        public void LogImage(string tag, ReadOnlySpan<byte> encodedPng, int width, int height, int channels, long step) =>
            Calls.Add($"{tag}:{encodedPng.Length} bytes {width}x{height}x{channels}@{step}");
    }
}
