using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tensors.Serialization;
using Dcgan.Net.Tests.Data;

namespace Dcgan.Net.Tests.Fid.Inception;

public sealed class InceptionStateDictTests : IDisposable
{
    private readonly DataFixtures.TempFolder _temp = DataFixtures.NewTempFolder();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Problems_NoneForTheFullFile_WithOrWithoutCountersAndClassifier()
    {
        var trimmed = Copy(e => !e.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal) && !e.Key.StartsWith("fc.", StringComparison.Ordinal));

        Assert.Null(InceptionStateDict.Problems(InceptionFixtures.StateDict, 2048));
        Assert.Equal(94 * 5, trimmed.Count);
        Assert.Null(InceptionStateDict.Problems(trimmed, 2048));
    }

    [Fact]
    public void Problems_LaterLayersMayBeAbsent_OnlyForLowerLevels()
    {
        var stem = Copy(e => e.Key.StartsWith("Conv2d_1a", StringComparison.Ordinal) || e.Key.StartsWith("Conv2d_2", StringComparison.Ordinal));

        Assert.Null(InceptionStateDict.Problems(stem, 64));
        string? problems = InceptionStateDict.Problems(stem, 192);
        Assert.StartsWith("10 missing keys: Conv2d_3b_1x1.conv.weight, Conv2d_3b_1x1.bn.weight", problems);
    }

    [Fact]
    public void Problems_ListMissingUnexpectedAndMisshapedKeys()
    {
        var dict = Copy(e => e.Key != "Mixed_6c.branch7x7_2.bn.running_var");
        dict.Add("AuxLogits.fc.weight", RawArray.FromSingles([1f], 1));
        dict.Add("Mixed_9z.bn.num_batches_tracked", new RawArray(DataType.Int64, [], new byte[8]));
        dict["Conv2d_1a_3x3.conv.weight"] = RawArray.FromSingles(new float[864], 3, 32, 3, 3);
        dict["Mixed_5b.branch1x1.bn.bias"] = new RawArray(DataType.Int64, [64], new byte[512]);

        string? problems = InceptionStateDict.Problems(dict, 2048);

        Assert.Contains("1 missing keys: Mixed_6c.branch7x7_2.bn.running_var", problems);
        Assert.Contains("2 unexpected keys: AuxLogits.fc.weight, Mixed_9z.bn.num_batches_tracked", problems);
        Assert.Contains("Conv2d_1a_3x3.conv.weight has shape [3, 32, 3, 3], expected [32, 3, 3, 3]", problems);
        Assert.Contains("Mixed_5b.branch1x1.bn.bias holds Int64 values", problems);
    }

    [Fact]
    public void Problems_ListsAtMostTwentyNames()
    {
        string? problems = InceptionStateDict.Problems(new Dictionary<string, RawArray>(), 2048);

        Assert.StartsWith("470 missing keys: Conv2d_1a_3x3.conv.weight,", problems);
        Assert.EndsWith(", ...", problems);
    }

    [Fact]
    public void Fold_RejectsANegativeVariance()
    {
        var dict = Copy(_ => true);
        dict["Conv2d_2a_3x3.bn.running_var"] = RawArray.FromSingles([.. Enumerable.Repeat(1f, 31), -0.5f], 32);

        var ex = Assert.Throws<InvalidDataException>(() => InceptionStateDict.Fold(dict, 64));

        Assert.Contains("Conv2d_2a_3x3.bn.running_var[31] is -0.5", ex.Message);
    }

    [Fact]
    public void Read_RecognisesEachFormatByContent()
    {
        var stem = InceptionFixtures.StateDict.Take(18).ToList();
        string zip = _temp.File("a.bin"), legacy = _temp.File("b.bin"), safetensors = _temp.File("c.bin");
        TorchCheckpoint.WriteStateDict(zip, stem);
        LegacyCheckpointWriter.Write(legacy, stem);
        SafeTensorsFile.Write(safetensors, stem);

        foreach (string path in new[] { zip, legacy, safetensors })
        {
            var read = InceptionStateDict.Read(path);
            Assert.Equal(stem.Select(e => e.Key).Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
            Assert.All(stem, e => Assert.Equal(e.Value.Data, read[e.Key].Data));
        }
    }

    [Fact]
    public void Read_RefusesOtherContent()
    {
        string path = _temp.File("weights.pth");
        File.WriteAllText(path, "not a checkpoint at all");

        Assert.Throws<InvalidDataException>(() => InceptionStateDict.Read(path));
    }

    private static OrderedDictionary<string, RawArray> Copy(Func<KeyValuePair<string, RawArray>, bool> keep)
    {
        var result = new OrderedDictionary<string, RawArray>(StringComparer.Ordinal);
        foreach (var entry in InceptionFixtures.StateDict.Where(keep))
        {
            result.Add(entry.Key, entry.Value);
        }

        return result;
    }
}
