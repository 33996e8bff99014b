using System.Globalization;
using System.Text.Json;
using Dcgan.Net.Data;

namespace Dcgan.Net.Training;

/// <summary>
/// A folder of checkpoints: <c>latest.safetensors</c> plus <c>step-00000500.safetensors</c> files, keeping the newest
/// <see cref="Keep"/> step files. "Load the latest or initialise" falls back to the newest readable step file when
/// <c>latest</c> is unreadable, so a damaged file never loses the run.
/// </summary>
public sealed class CheckpointDirectory
{
    /// <summary>Metadata key under which <see cref="Save(GanTrainer, Tensors.Tensor?, DataLoader)"/> stores the data loader's position (JSON).</summary>
    public const string DataLoaderMetadataKey = "data_loader";

    /// <summary>Name of the newest checkpoint in the folder.</summary>
    public const string LatestFileName = "latest.safetensors";

    /// <summary>Uses (and creates when saving) <paramref name="directory"/>.</summary>
    /// <param name="directory">The folder, e.g. runs/&lt;name&gt;/checkpoints.</param>
    /// <param name="keep">Step files to keep besides latest. Default 3.</param>
    public CheckpointDirectory(string directory, int keep = 3)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory = directory;
        Keep = keep;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Number of step files kept.</summary>
    public int Keep { get; }

    /// <summary>Path of <c>latest.safetensors</c>.</summary>
    public string LatestPath => Path.Combine(Directory, LatestFileName);

    /// <summary>Saves a step file and replaces latest (both atomically), then prunes old step files.</summary>
    public void Save(GanTrainer trainer, Dcgan.Net.Tensors.Tensor? fixedNoise = null, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        string stepPath = Path.Combine(Directory, $"step-{trainer.StepCount.ToString("D8", CultureInfo.InvariantCulture)}.safetensors");
        GanCheckpoint.Save(stepPath, trainer, fixedNoise, extraMetadata);
        GanCheckpoint.Save(LatestPath, trainer, fixedNoise, extraMetadata);
        foreach (var old in StepFiles().Skip(Keep))
        {
            File.Delete(old);
        }
    }

    /// <summary>
    /// Saves as <see cref="Save(GanTrainer, Tensors.Tensor?, IReadOnlyDictionary{string, string}?)"/> with the position of
    /// <paramref name="loader"/> in the metadata (key <see cref="DataLoaderMetadataKey"/>), so that
    /// <see cref="TryLoadLatest(GanTrainer, DataLoader, out Tensors.Tensor?)"/> continues with the batches an
    /// uninterrupted run would have seen.
    /// </summary>
    public void Save(GanTrainer trainer, Dcgan.Net.Tensors.Tensor? fixedNoise, DataLoader loader)
    {
        ArgumentNullException.ThrowIfNull(loader);
        Save(trainer, fixedNoise, new Dictionary<string, string> { [DataLoaderMetadataKey] = JsonSerializer.Serialize(loader.GetState()) });
    }

    /// <summary>
    /// "Load the latest checkpoint or initialise" for a training loop over <paramref name="loader"/>: loads the trainer as
    /// <see cref="TryLoadLatest(GanTrainer, out Tensors.Tensor?, out IReadOnlyDictionary{string, string})"/> and moves the
    /// loader to the saved position (when the checkpoint holds one). Returns false, changing nothing, when there is no checkpoint.
    /// </summary>
    /// <exception cref="InvalidDataException">Checkpoints exist but none can be read, or the saved loader position is malformed.</exception>
    /// <exception cref="ArgumentException">The checkpoint does not fit the trainer, or the loader's data set or batch size differs.</exception>
    public bool TryLoadLatest(GanTrainer trainer, DataLoader loader, out Dcgan.Net.Tensors.Tensor? fixedNoise)
    {
        ArgumentNullException.ThrowIfNull(loader);
        if (!TryLoadLatest(trainer, out fixedNoise, out var metadata))
        {
            return false;
        }

        if (metadata.TryGetValue(DataLoaderMetadataKey, out var json))
        {
            DataLoaderState? state;
            try
            {
                state = JsonSerializer.Deserialize<DataLoaderState>(json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Checkpoint in '{Directory}': metadata '{DataLoaderMetadataKey}' is not a data-loader state: {e.Message}", e);
            }

            loader.SetState(state ?? throw new InvalidDataException($"Checkpoint in '{Directory}': metadata '{DataLoaderMetadataKey}' is null."));
        }

        return true;
    }

    /// <summary>
    /// Loads <c>latest</c> (or, if it cannot be read, the newest readable step file) into <paramref name="trainer"/>.
    /// Returns false, changing nothing, when the folder holds no checkpoint.
    /// </summary>
    /// <exception cref="InvalidDataException">Checkpoints exist but none can be read.</exception>
    public bool TryLoadLatest(GanTrainer trainer, out Dcgan.Net.Tensors.Tensor? fixedNoise, out IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var candidates = new List<string>();
        if (File.Exists(LatestPath))
        {
            candidates.Add(LatestPath);
        }

        candidates.AddRange(StepFiles());
        var errors = new List<string>();
        foreach (var path in candidates)
        {
            try
            {
                (fixedNoise, metadata) = GanCheckpoint.Load(path, trainer);
                return true;
            }
            catch (InvalidDataException e)
            {
                errors.Add($"{Path.GetFileName(path)}: {e.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException($"No readable checkpoint in '{Directory}': " + string.Join("; ", errors));
        }

        fixedNoise = null;
        metadata = new Dictionary<string, string>();
        return false;
    }

    private IEnumerable<string> StepFiles() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "step-*.safetensors").OrderByDescending(p => p, StringComparer.Ordinal)
            : [];
}
