using System.Globalization;
using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Training;

/// <summary>
/// A training checkpoint in one safetensors file: generator (<c>G.</c> + PyTorch key names), discriminator
/// (<c>D.</c>), both Adam states (<c>optG.</c>, <c>optD.</c>), the fixed noise (<c>fixed_noise</c>), and in the
/// metadata the step, the random generator's state and any extra entries (e.g. the data loader's position).
/// Files are written atomically (temporary file, then rename), so a crash never leaves a half-written file.
/// </summary>
public static class GanCheckpoint
{
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
