using System.Numerics;
using System.Security.Cryptography;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Tests.Serialization;

public sealed partial class TorchCheckpointTests
{
    private static List<KeyValuePair<string, RawArray>> ExpectedStateDict() =>
        SerializationFixtures.Tensors(SerializationFixtures.Json("state_dict.expected.json").GetProperty("tensors"));

    private static void AssertStateDict(List<KeyValuePair<string, RawArray>> expected, OrderedDictionary<string, RawArray> actual)
    {
        Assert.Equal(expected.Select(e => e.Key), actual.Keys);
        for (int i = 0; i < expected.Count; i++)
        {
            SerializationFixtures.AssertSame(expected[i], actual.GetAt(i));
        }
    }

    [Theory]
    [InlineData("state_dict_zip.pt")]
    [InlineData("state_dict_legacy.pt")]
    public void ReadStateDict_TorchSaveFixture_MatchesEveryTensorIncludingViews(string fixture)
    {
        var actual = TorchCheckpoint.ReadStateDict(SerializationFixtures.PathOf(fixture));

        AssertStateDict(ExpectedStateDict(), actual);
        Assert.Equal([4L, 3L, 3L, 3L], actual["conv.weight"].Shape);
        Assert.Equal(DataType.Int64, actual["bn.num_batches_tracked"].DataType);
        Assert.Empty(actual["bn.num_batches_tracked"].Shape);
        Assert.Equal([1.0], actual["bn.num_batches_tracked"].ToDoubleArray());
        Assert.Equal([2.0, 3.0, 4.0, 5.0, 6.0, 7.0], actual["extra.shared_a"].ToDoubleArray());
        Assert.Equal([6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0], actual["extra.strided"].ToDoubleArray());
    }

    [Fact]
    public void ReadStateDict_TransposedView_IsTheTransposeOfItsBase()
    {
        var actual = TorchCheckpoint.ReadStateDict(SerializationFixtures.PathOf("state_dict_zip.pt"));
        float[] weight = actual["fc.weight"].ToSingleArray();
        float[] transposed = actual["extra.transposed"].ToSingleArray();

        Assert.Equal([16L, 3L], actual["extra.transposed"].Shape);
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 16; c++)
            {
                Assert.Equal(weight[(r * 16) + c], transposed[(c * 3) + r]);
            }
        }
    }

    [Fact]
    public void ReadStateDict_Protocol4Pickle_MatchesModuleTensors()
    {
        var manifest = SerializationFixtures.Json("state_dict.expected.json");
        var moduleKeys = manifest.GetProperty("module_keys").EnumerateArray().Select(k => k.GetString()!).ToList();

        var actual = TorchCheckpoint.ReadStateDict(SerializationFixtures.PathOf("state_dict_proto4.pt"));

        AssertStateDict(ExpectedStateDict().Where(e => moduleKeys.Contains(e.Key)).ToList(), actual);
    }

    [Theory]
    [InlineData("checkpoint_zip.pt")]
    [InlineData("checkpoint_legacy.pt")]
    public void Read_TrainingCheckpoint_ExposesScalarsContainersAndNestedStateDicts(string fixture)
    {
        var expected = SerializationFixtures.Json("checkpoint.expected.json");

        var root = Assert.IsType<OrderedDictionary<object, object?>>(TorchCheckpoint.Read(SerializationFixtures.PathOf(fixture)));

        Assert.Equal(3L, root["epoch"]);
        Assert.Equal(0.0002, root["lr"]);
        Assert.Equal(expected.GetProperty("name").GetString(), root["name"]);
        Assert.Equal([true, false, null], Assert.IsType<List<object?>>(root["flags"]));
        Assert.Equal([0.5, 0.999], Assert.IsType<object?[]>(root["betas"]));
        Assert.Equal(1L << 40, root["big"]);
        Assert.Equal(-7L, root["neg"]);
        Assert.Equal(BigInteger.Parse(expected.GetProperty("huge").GetString()!, System.Globalization.CultureInfo.InvariantCulture), root["huge"]);
        AssertStateDict(SerializationFixtures.Tensors(expected.GetProperty("model")), TorchCheckpoint.SelectStateDict(root, "model"));

        var optimizer = Assert.IsType<OrderedDictionary<object, object?>>(root["optimizer"]);
        var state = Assert.IsType<OrderedDictionary<object, object?>>(optimizer["state"]);
        Assert.Equal(expected.GetProperty("optimizer_state_keys").EnumerateArray().Select(k => (object)k.GetInt64()), state.Keys);
        var first = Assert.IsType<OrderedDictionary<object, object?>>(state[0L]);
        SerializationFixtures.AssertSame(
            SerializationFixtures.Tensor(expected.GetProperty("optimizer_state0_exp_avg")).Value,
            Assert.IsType<RawArray>(first["exp_avg"]),
            "exp_avg");
        Assert.Equal([expected.GetProperty("optimizer_state0_step").GetDouble()], Assert.IsType<RawArray>(first["step"]).ToDoubleArray());
        var groups = Assert.IsType<List<object?>>(optimizer["param_groups"]);
        var group = Assert.IsType<OrderedDictionary<object, object?>>(groups[0]);
        Assert.Equal(
            expected.GetProperty("optimizer_param_groups_params").EnumerateArray().Select(p => (object?)p.GetInt64()),
            Assert.IsType<List<object?>>(group["params"]));
    }

    [Fact]
    public void ReadStateDict_CheckpointWithoutKeyPath_ThrowsListingNestedDicts()
    {
        var error = Assert.Throws<InvalidDataException>(
            () => TorchCheckpoint.ReadStateDict(SerializationFixtures.PathOf("checkpoint_zip.pt")));

        Assert.Contains("'epoch'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model', 'optimizer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadStateDict_MissingKey_ThrowsListingTheKeys()
    {
        var error = Assert.Throws<InvalidDataException>(
            () => TorchCheckpoint.ReadStateDict(SerializationFixtures.PathOf("checkpoint_legacy.pt"), "state_dict"));

        Assert.Contains("no key 'state_dict'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PickledModule_IsRefusedNamingTheGlobal()
    {
        var error = Assert.Throws<InvalidDataException>(
            () => TorchCheckpoint.Read(SerializationFixtures.PathOf("module_pickled.pt")));

        Assert.Contains("'torch.nn.modules.linear.Linear'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonSeekableStream_ReadsLegacyAndZip()
    {
        foreach (string fixture in new[] { "state_dict_zip.pt", "state_dict_legacy.pt" })
        {
            byte[] bytes = File.ReadAllBytes(SerializationFixtures.PathOf(fixture));

            AssertStateDict(ExpectedStateDict(), TorchCheckpoint.ReadStateDict(new ForwardOnlyStream(bytes)));
        }
    }

    [Fact]
    public void WriteStateDict_ThenRead_RoundTripsEveryDataTypeAndSharesTiedTensors()
    {
        var expected = ExpectedStateDict();
        var tied = RawArray.FromSingles([1f, 2f, 3f], 3);
        expected.Add(new("tied.a", tied));
        expected.Add(new("tied.b", tied));
        using var stream = new MemoryStream();

        TorchCheckpoint.WriteStateDict(stream, expected);
        stream.Position = 0;
        var actual = TorchCheckpoint.ReadStateDict(stream);

        AssertStateDict(expected, actual);
        Assert.Same(actual["tied.a"], actual["tied.b"]);
    }

    [Fact]
    public void WriteStateDict_LargeDimensionsAndScalars_RoundTripThroughEveryIntegerEncoding()
    {
        var entries = new List<KeyValuePair<string, RawArray>>
        {
            new("empty.wide", new RawArray(DataType.Float32, [0, 3_000_000_000, 70_000, 300, 1], [])),
            new("scalar", new RawArray(DataType.Int64, [], BitConverter.GetBytes(-5L))),
            new("row", RawArray.FromSingles(new float[300], 1, 300)),
        };
        using var stream = new MemoryStream();

        TorchCheckpoint.WriteStateDict(stream, entries);
        stream.Position = 0;

        AssertStateDict(entries, TorchCheckpoint.ReadStateDict(stream));
    }

    [Fact]
    public void WriteStateDict_IsByteIdenticalToTheFileTorchLoadVerified()
    {
        string fixture = SerializationFixtures.PathOf("written_by_dotnet.pt");
        using var stream = new MemoryStream();
        TorchCheckpoint.WriteStateDict(stream, ExpectedStateDict());
        byte[] written = stream.ToArray();

        if (!File.Exists(fixture) || !File.ReadAllBytes(fixture).AsSpan().SequenceEqual(written))
        {
            string actualPath = Path.Combine(AppContext.BaseDirectory, "written_by_dotnet.actual.pt");
            File.WriteAllBytes(actualPath, written);
            Assert.Fail($"The writer's output changed. If intended, copy {actualPath} to Fixtures/Serialization/written_by_dotnet.pt " +
                "and rerun tools/make_serialization_fixtures.py, which checks it with torch.load.");
        }

        var check = SerializationFixtures.Json("written_by_dotnet.check.json");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(written)), check.GetProperty("sha256").GetString());
        Assert.True(check.GetProperty("all_values_equal").GetBoolean());
        Assert.True(check.GetProperty("load_state_dict_strict_ok").GetBoolean());
        Assert.True(check.GetProperty("records_64_byte_aligned").GetBoolean());
        Assert.Equal(ExpectedStateDict().Select(e => e.Key), check.GetProperty("loaded_keys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public void WriteStateDict_ToPath_ReplacesFileAtomically()
    {
        string directory = Directory.CreateTempSubdirectory("pt-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.pt");
            File.WriteAllText(path, "old");

            TorchCheckpoint.WriteStateDict(path, [new("w", RawArray.FromDoubles([0.5, -1.5], 1, 2))]);

            Assert.Equal([0.5, -1.5], TorchCheckpoint.ReadStateDict(path)["w"].ToDoubleArray());
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WriteStateDict_DuplicateName_ThrowsArgumentException()
    {
        var one = RawArray.FromSingles([1f], 1);

        var error = Assert.Throws<ArgumentException>(() => TorchCheckpoint.WriteStateDict(new MemoryStream(), [new("x", one), new("x", one)]));

        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }
}
