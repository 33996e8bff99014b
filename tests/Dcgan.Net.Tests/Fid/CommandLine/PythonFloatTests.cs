using System.Buffers.Binary;
using System.Text.Json;
using Dcgan.Net.Fid.CommandLine;

namespace Dcgan.Net.Tests.Fid.CommandLine;

/// <summary>
/// The score line against pytorch-fid's <c>print("FID: ", numpy.float64(v))</c>, as numpy 1.24 printed it for the 433
/// values of tools/make_fid_cli_fixtures.py (edge cases and random doubles from 1e-12 to 1e20): equal character for character.
/// </summary>
public sealed class PythonFloatTests
{
    [Fact]
    public void Format_MatchesNumpysStr_OnEveryFixtureValue()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Fid", "CommandLine", "float_repr.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var entries = document.RootElement.GetProperty("entries").EnumerateArray().ToList();

        Assert.True(entries.Count > 400, $"the fixture holds {entries.Count} values");
        foreach (var entry in entries)
        {
            double value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(entry.GetProperty("bits").GetString()!)));
            Assert.Equal(entry.GetProperty("line").GetString(), "FID:  " + PythonFloat.Format(value));
        }
    }

    [Theory]
    [InlineData(1e16, "1e+16")]
    [InlineData(9999999999999998.0, "9999999999999998.0")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(9.5e-5, "9.5e-05")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(300.0, "300.0")]
    [InlineData(1.25e-300, "1.25e-300")]
    public void Format_SwitchesNotationWherePythonDoes(double value, string expected) => Assert.Equal(expected, PythonFloat.Format(value));
}
