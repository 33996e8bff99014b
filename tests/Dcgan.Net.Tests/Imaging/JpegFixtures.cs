using System.Text.Json;

namespace Dcgan.Net.Tests.Imaging;

/// <summary>
/// The JPEG fixtures written by tools/make_jpeg_fixtures.py: each case is a file and the pixels PIL
/// (python3-pil 9.4, libjpeg-turbo 2.1.5) decodes from it.
/// </summary>
internal static class JpegFixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Jpeg");

    public static IReadOnlyList<JpegFixture> All { get; } = Load();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (JpegFixture f in All)
        {
            data.Add(f.Key);
        }

        return data;
    }

    public static JpegFixture Get(string key) => All.Single(f => f.Key == key);

    public static byte[] ReadFile(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    /// <summary>Header segments up to and including the first SOS: marker, offset of its 0xFF, declared length.</summary>
    public static List<(int Marker, int Offset, int Length)> Segments(byte[] file)
    {
        var result = new List<(int, int, int)>();
        int pos = 2;
        while (pos + 4 <= file.Length)
        {
            int marker = file[pos + 1];
            int length = (file[pos + 2] << 8) | file[pos + 3];
            result.Add((marker, pos, length));
            if (marker == 0xDA)
            {
                break;
            }

            pos += 2 + length;
        }

        return result;
    }

    /// <summary>The file without the segments whose marker is <paramref name="marker"/>.</summary>
    public static byte[] WithoutSegments(byte[] file, int marker)
    {
        var output = new List<byte>(file);
        foreach (var s in Segments(file).Where(s => s.Marker == marker).OrderByDescending(s => s.Offset))
        {
            output.RemoveRange(s.Offset, 2 + s.Length);
        }

        return [.. output];
    }

    private static List<JpegFixture> Load()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "manifest.json")));
        return doc.RootElement.EnumerateArray().Select(e => new JpegFixture(
            e.GetProperty("file").GetString()!,
            e.GetProperty("reference").GetString()!,
            e.GetProperty("width").GetInt32(),
            e.GetProperty("height").GetInt32(),
            e.GetProperty("channels").GetInt32(),
            e.GetProperty("applyExifOrientation").GetBoolean(),
            e.GetProperty("description").GetString()!)).ToList();
    }
}

/// <summary>One fixture case; <see cref="Key"/> names it in test output.</summary>
internal sealed record JpegFixture(string File, string Reference, int Width, int Height, int Channels, bool ApplyExifOrientation, string Description)
{
    public string Key => ApplyExifOrientation ? File + " (oriented)" : File;
}
