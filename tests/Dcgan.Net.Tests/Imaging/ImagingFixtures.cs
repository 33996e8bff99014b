using System.Buffers.Binary;

namespace Dcgan.Net.Tests.Imaging;

/// <summary>Reads the files written by tools/make_imaging_fixtures.py (Fixtures/Imaging/...).</summary>
internal static class ImagingFixtures
{
    public static string PathOf(string area, string name) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "Imaging", area, name);

    public static byte[] Bytes(string area, string name) => File.ReadAllBytes(PathOf(area, name));

    public static float[] Floats(string area, string name)
    {
        byte[] bytes = Bytes(area, name);
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        }

        return values;
    }

    /// <summary>Lines of an area's manifest.txt, split on spaces.</summary>
    public static IEnumerable<string[]> Manifest(string area) =>
        File.ReadAllLines(PathOf(area, "manifest.txt"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' '));

    /// <summary>xunit member data: the first field of each manifest line.</summary>
    public static TheoryData<string> Names(string area)
    {
        var data = new TheoryData<string>();
        foreach (var fields in Manifest(area))
        {
            data.Add(fields[0]);
        }

        return data;
    }

    public static string[] Entry(string area, string name) => Manifest(area).Single(f => f[0] == name);
}
