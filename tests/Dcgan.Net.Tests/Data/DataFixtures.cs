using System.Text.Json;
using Dcgan.Net.Data;

namespace Dcgan.Net.Tests.Data;

/// <summary>Paths and expected values shared by the Data tests (fixtures from tools/make_data_fixtures.py).</summary>
internal static class DataFixtures
{
    private static readonly Lazy<string> RepositoryDatasetFolder = new(FindRepositoryDatasets);
    private static readonly Lazy<ByteImageDataset> T10k = new(() => MnistDataset.LoadRaw(FashionFolder, train: false));

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Data");

    /// <summary>The committed datasets/fashion-mnist folder, found by walking up from the test binaries.</summary>
    public static string FashionFolder => RepositoryDatasetFolder.Value;

    /// <summary>The committed Fashion-MNIST t10k split, raw, loaded once per test run.</summary>
    public static ByteImageDataset FashionT10k => T10k.Value;

    public static string FixturePath(string name) => Path.Combine(Folder, name);

    public static JsonElement Json(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FixturePath(name)));
        return doc.RootElement.Clone();
    }

    public static float[] FloatsFromBits(JsonElement array) =>
        [.. array.EnumerateArray().Select(e => BitConverter.UInt32BitsToSingle(e.GetUInt32()))];

    public static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => (float)e.GetDouble())];

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>A fresh empty folder under the system temp folder, deleted when disposed.</summary>
    public static TempFolder NewTempFolder() => new();

    private static string FindRepositoryDatasets()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "datasets", "fashion-mnist");
            if (File.Exists(Path.Combine(candidate, "t10k-images-idx3-ubyte.gz")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("datasets/fashion-mnist not found above " + AppContext.BaseDirectory);
    }

    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dcgan-data-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; never fail a test on cleanup.
            }
        }
    }
}
