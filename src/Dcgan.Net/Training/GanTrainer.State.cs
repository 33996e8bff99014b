using System.Globalization;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Training;

public sealed partial class GanTrainer
{
    private const string ReplayKey = "replay_buffer";

    /// <summary>
    /// Everything needed to continue training bit for bit: both networks (prefixes <c>G.</c>, <c>D.</c>, PyTorch key
    /// names after the prefix), both optimisers (<c>optG.</c>, <c>optD.</c>), the replay buffer's images (<c>replay_buffer</c>, when it
    /// holds any), and in <paramref name="metadata"/> the step, the last generator loss and the random generator's state.
    /// </summary>
    internal OrderedDictionary<string, RawArray> ExportState(Dictionary<string, string> metadata)
    {
        var tensors = new OrderedDictionary<string, RawArray>();
        Add(tensors, "G.", Generator.StateDict());
        Add(tensors, "D.", Discriminator.StateDict());
        Add(tensors, "optG.", GeneratorOptimizer.StateDict());
        Add(tensors, "optD.", DiscriminatorOptimizer.StateDict());
        if (_replay?.Export(Generator.ImageShape) is { } replay)
        {
            tensors.Add(ReplayKey, replay);
        }

        metadata["step"] = StepCount.ToString(CultureInfo.InvariantCulture);
        metadata["last_generator_loss"] = _lastGeneratorLoss.ToString("R", CultureInfo.InvariantCulture);
        metadata["rng_state"] = string.Join(",", Random.GetState().Select(s => s.ToString(CultureInfo.InvariantCulture)));
        return tensors;
    }

    /// <summary>Restores state written by <see cref="ExportState"/>; validates everything before changing anything.</summary>
    /// <exception cref="ArgumentException">The state does not fit these networks (names the keys).</exception>
    internal void ImportState(IReadOnlyDictionary<string, RawArray> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var g = Slice(tensors, "G.");
        var d = Slice(tensors, "D.");
        var optG = Slice(tensors, "optG.");
        var optD = Slice(tensors, "optD.");
        if (!metadata.TryGetValue("step", out var stepText) || !long.TryParse(stepText, CultureInfo.InvariantCulture, out long step)
            || !metadata.TryGetValue("rng_state", out var rngText))
        {
            throw new ArgumentException("Checkpoint metadata lacks 'step' or 'rng_state'.");
        }

        var rng = rngText.Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        tensors.TryGetValue(ReplayKey, out var replay);
        if (replay is not null && _replay is null)
        {
            throw new ArgumentException($"The checkpoint holds a replay buffer ('{ReplayKey}') but this trainer has none (ReplayBufferSize is 0).");
        }

        var replayImages = _replay?.Read(replay, Generator.ImageShape);

        // Dry runs on throw-away copies would double the memory; LoadStateDict validates keys and shapes before
        // copying, so loading the networks first and the optimisers after keeps a failed load from mixing states.
        Generator.LoadStateDict(g);
        Discriminator.LoadStateDict(d);
        GeneratorOptimizer.LoadStateDict(optG);
        DiscriminatorOptimizer.LoadStateDict(optD);
        if (replayImages is not null)
        {
            _replay!.Restore(replayImages);
        }

        Random.SetState(rng);
        StepCount = step;
        _lastGeneratorLoss = metadata.TryGetValue("last_generator_loss", out var lossText)
            ? float.Parse(lossText, CultureInfo.InvariantCulture)
            : float.NaN;
    }

    private static void Add(OrderedDictionary<string, RawArray> target, string prefix, OrderedDictionary<string, RawArray> source)
    {
        foreach (var (key, value) in source)
        {
            target.Add(prefix + key, value);
        }
    }

    private static Dictionary<string, RawArray> Slice(IReadOnlyDictionary<string, RawArray> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
