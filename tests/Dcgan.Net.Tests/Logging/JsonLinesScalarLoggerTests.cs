using System.Text.Json;
using System.Text.Json.Serialization;
using Dcgan.Net.Logging;

namespace Dcgan.Net.Tests.Logging;

public class JsonLinesScalarLoggerTests
{
    [Fact]
    public void Writes_one_json_object_per_line_and_flushes_each_line()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("s.jsonl");
        using var logger = new JsonLinesScalarLogger(path, new FixedClock(1700000000.25));
        logger.LogScalar("loss/\"g\"", 0.1f, 3);
        logger.LogScalar("nan", float.NaN, 4);
        logger.LogScalar("inf", float.PositiveInfinity, 5);
        Assert.Equal(
            [
                """{"step":3,"tag":"loss/\u0022g\u0022","value":0.1,"wall_time":1700000000.25}""",
                """{"step":4,"tag":"nan","value":"NaN","wall_time":1700000000.25}""",
                """{"step":5,"tag":"inf","value":"Infinity","wall_time":1700000000.25}""",
            ],
            CsvScalarLoggerTests.ReadShared(path));
    }

    [Fact]
    public void Lines_parse_back_with_System_Text_Json_including_named_literals()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("s.jsonl");
        using (var logger = new JsonLinesScalarLogger(path))
        {
            logger.LogScalar("a", 1f / 3, long.MaxValue);
            logger.LogScalar("b", float.NegativeInfinity, -1);
        }

        var options = new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
        Row[] rows = [.. File.ReadAllLines(path).Select(l => JsonSerializer.Deserialize<Row>(l, options)!)];
        Assert.Equal((long.MaxValue, "a", 1f / 3), (rows[0].Step, rows[0].Tag, rows[0].Value));
        Assert.Equal((-1L, "b", float.NegativeInfinity), (rows[1].Step, rows[1].Tag, rows[1].Value));
        Assert.True(rows[0].WallTime > 1.7e9);
    }

    [Fact]
    public void Appends_and_rejects_use_after_dispose()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("s.jsonl");
        using (var first = new JsonLinesScalarLogger(path))
        {
            first.LogScalar("a", 1, 1);
        }

        var second = new JsonLinesScalarLogger(path);
        second.LogScalar("a", 2, 2);
        second.Dispose();
        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.Throws<ObjectDisposedException>(() => second.LogScalar("a", 1, 1));
    }

    private sealed record Row(
        [property: JsonPropertyName("step")] long Step,
        [property: JsonPropertyName("tag")] string Tag,
        [property: JsonPropertyName("value")] float Value,
        [property: JsonPropertyName("wall_time")] double WallTime);
}
