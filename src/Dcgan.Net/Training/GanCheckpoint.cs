using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Training;

/// <summary>
/// A training checkpoint in one safetensors file: generator (<c>G.</c> + PyTorch key names), discriminator
/// (<c>D.</c>), both Adam states (<c>optG.</c>, <c>optD.</c>), the replay buffer (<c>replay_buffer</c>, when used), the
/// fixed noise (<c>fixed_noise</c>), and in the metadata the step, the random generator's state, the trainer's and the
/// networks' options (JSON) and any extra entries (e.g. the data loader's position).
/// Files are written atomically (temporary file, then rename), so a crash never leaves a half-written file.
/// </summary>
public static class GanCheckpoint
{
    /// <summary>Metadata key of the trainer's <see cref="GanTrainerOptions"/> as JSON (enums by name).</summary>
    public const string TrainerOptionsKey = "trainer_options";

    /// <summary>Metadata key of the generator's type and, for <see cref="Generator"/>, its <see cref="DcganOptions"/> as JSON.</summary>
    public const string GeneratorOptionsKey = "generator";

    /// <summary>Metadata key of the discriminator's type and, for <see cref="Discriminator"/>, its <see cref="DcganOptions"/> as JSON.</summary>
    public const string DiscriminatorOptionsKey = "discriminator";

    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Reads the trainer options a checkpoint was saved with (informational: a resumed run may use others).</summary>
    /// <param name="metadata">The metadata returned by <see cref="Load"/> or <see cref="CheckpointDirectory.TryLoadLatest(GanTrainer, out Tensor?, out IReadOnlyDictionary{string, string})"/>.</param>
    /// <returns>The options, or null when the checkpoint predates this entry.</returns>
    /// <exception cref="InvalidDataException">The entry is not valid options JSON.</exception>
    public static GanTrainerOptions? ReadTrainerOptions(IReadOnlyDictionary<string, string> metadata) => ReadJson<GanTrainerOptions>(metadata, TrainerOptionsKey);

    /// <summary>Reads the <see cref="DcganOptions"/> of a DCGAN generator or discriminator ("generator" / "discriminator" entries).</summary>
    /// <param name="metadata">The checkpoint's metadata.</param>
    /// <param name="key"><see cref="GeneratorOptionsKey"/> or <see cref="DiscriminatorOptionsKey"/>.</param>
    /// <returns>The options, or null when the network is not a DCGAN one or the entry is absent.</returns>
    /// <exception cref="InvalidDataException">The entry is not valid JSON.</exception>
    public static DcganOptions? ReadNetworkOptions(IReadOnlyDictionary<string, string> metadata, string key) =>
        ReadJson<NetworkEntry>(metadata, key)?.Options;

    private static void AddNetworkOptions(Dictionary<string, string> metadata, string key, Tensors.Nn.Module network)
    {
        var options = network switch { Generator g => g.Options, Discriminator d => d.Options, _ => null };
        metadata[key] = JsonSerializer.Serialize(new NetworkEntry(network.GetType().FullName ?? network.GetType().Name, options), s_json);
    }

    private static T? ReadJson<T>(IReadOnlyDictionary<string, string> metadata, string key)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(key, out var json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Checkpoint metadata '{key}' is not valid: {e.Message}", e);
        }
    }

    /// <summary>A network's type name and DCGAN options (null for other networks).</summary>
    private sealed record NetworkEntry(string Type, DcganOptions? Options);

    /// <summary>Writes the trainer's full state to <paramref name="path"/>.</summary>
    /// <param name="path">Target file (replaced atomically).</param>
    /// <param name="trainer">The trainer.</param>
    /// <param name="fixedNoise">Noise used for progress grids, or null.</param>
    /// <param name="extraMetadata">More string entries to store (keys must not clash with the trainer's).</param>
    public static void Save(string path, GanTrainer trainer, Tensor? fixedNoise = null, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(trainer);
        var metadata = new Dictionary<string, string>(extraMetadata ?? new Dictionary<string, string>());
        var tensors = trainer.ExportState(metadata);
        if (fixedNoise is not null)
        {
            tensors.Add("fixed_noise", RawArray.FromSingles(fixedNoise.ToArray(), fixedNoise.Shape.ToArray().Select(d => (long)d).ToArray()));
        }

        metadata[TrainerOptionsKey] = JsonSerializer.Serialize(trainer.Options, s_json);
        AddNetworkOptions(metadata, GeneratorOptionsKey, trainer.Generator);
        AddNetworkOptions(metadata, DiscriminatorOptionsKey, trainer.Discriminator);
        metadata["format"] = "dcgan-net-checkpoint/1";
        metadata["saved_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        SafeTensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>Restores the trainer's state from <paramref name="path"/>; returns the fixed noise (if saved) and the metadata.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or not a Dcgan.Net checkpoint.</exception>
    /// <exception cref="ArgumentException">The checkpoint was made for different networks (names the keys).</exception>
    public static (Tensor? FixedNoise, IReadOnlyDictionary<string, string> Metadata) Load(string path, GanTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var file = SafeTensorsFile.Read(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != "dcgan-net-checkpoint/1")
        {
            throw new InvalidDataException($"'{path}' is a safetensors file but not a Dcgan.Net checkpoint (metadata 'format' is missing or unknown).");
        }

        trainer.ImportState(file.Tensors, file.Metadata);
        Tensor? noise = null;
        if (file.Tensors.TryGetValue("fixed_noise", out var raw))
        {
            noise = Tensor.FromArray(raw.ToSingleArray(), raw.Shape.Select(d => (int)d).ToArray());
        }

        return (noise, file.Metadata);
    }
}
