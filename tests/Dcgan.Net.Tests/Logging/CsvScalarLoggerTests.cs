using System.Globalization;
using Dcgan.Net.Logging;

namespace Dcgan.Net.Tests.Logging;

public class CsvScalarLoggerTests
{
    [Fact]
    public void Writes_header_then_rows_in_invariant_culture_and_flushes_each_row()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("sub", "scalars.csv");
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            using var logger = new CsvScalarLogger(path, new FixedClock(1700000000.5));
            logger.LogScalar("loss/generator", 0.1f, 3);
            logger.LogScalar("a,\"b\"", -1234.5f, 4);
            logger.LogScalar("nan", float.NaN, 5);
            logger.LogScalar("inf", float.NegativeInfinity, 6);
            Assert.Equal(
                [
                    "step,tag,value,wall_time",
                    "3,loss/generator,0.1,1700000000.5",
                    "4,\"a,\"\"b\"\"\",-1234.5,1700000000.5",
                    "5,nan,NaN,1700000000.5",
                    "6,inf,-Infinity,1700000000.5",
                ],
                ReadShared(path));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Appends_to_an_existing_file_without_a_second_header()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("s.csv");
        using (var first = new CsvScalarLogger(path, new FixedClock(1.0)))
        {
            first.LogScalar("a", 1, 1);
        }

        using (var second = new CsvScalarLogger(path, new FixedClock(2.0)))
        {
            second.LogScalar("a", 2, 2);
        }

        Assert.Equal(["step,tag,value,wall_time", "1,a,1,1", "2,a,2,2"], File.ReadAllLines(path));
    }

    [Fact]
    public void Float_values_round_trip_through_the_text()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("s.csv");
        float[] values = [0.1f, 1f / 3, 1e-30f, 3.4e38f, -0f];
        using (var logger = new CsvScalarLogger(path))
        {
            foreach (float v in values)
            {
                logger.LogScalar("x", v, 0);
            }
        }

        float[] parsed = [.. File.ReadAllLines(path).Skip(1).Select(l => float.Parse(l.Split(',')[2], CultureInfo.InvariantCulture))];
        Assert.Equal(values, parsed);
    }

    [Fact]
    public void Invalid_use_throws()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => new CsvScalarLogger(" "));
        var logger = new CsvScalarLogger(dir.Combine("s.csv"));
        Assert.Throws<ArgumentException>(() => logger.LogScalar("", 1, 1));
        logger.Dispose();
        Assert.Throws<ObjectDisposedException>(() => logger.LogScalar("a", 1, 1));
    }

    internal static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
