using System.Globalization;

namespace Dcgan.Net.Training;

/// <summary>
/// A folder of checkpoints: <c>latest.safetensors</c> plus <c>step-00000500.safetensors</c> files, keeping the newest
/// <see cref="Keep"/> step files. "Load the latest or initialise" falls back to the newest readable step file when
/// <c>latest</c> is unreadable, so a damaged file never loses the run.
/// </summary>
public sealed class CheckpointDirectory
{
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
