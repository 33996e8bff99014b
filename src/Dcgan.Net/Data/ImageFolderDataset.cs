using System.Collections.Concurrent;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Data;

/// <summary>
/// A data set over a folder of image files (PNG, JPEG, PGM/PPM, one-image .npy), for training on your own pictures:
/// every image is decoded, converted to the data set's channel count as PIL's <c>convert("L")</c>/<c>convert("RGB")</c>
/// does, resized to its height and width, and scaled (by default to [−1, 1]). With
/// <see cref="ImageFolderOptions.LabelsFromSubfolders"/> it is torchvision's <c>ImageFolder</c>: the same classes,
/// the same files in the same order, the same labels.
/// </summary>
/// <remarks>
/// <para>Files are listed once, at construction: recursively (unless <see cref="ImageFolderOptions.Recursive"/> is off),
/// in torchvision's order (<c>sorted(os.walk(root))</c>: folders by full path, each folder's files by name; names compared
/// ordinally), extensions matched ignoring case. Images are decoded lazily, when read, so construction is fast and memory
/// does not grow with the folder; prepared images are then kept up to <see cref="ImageFolderOptions.MaxCacheBytes"/>.</para>
/// <para>Values: the 8-bit samples as 0-255 floats, resized (<see cref="ImageFolderOptions.Resize"/>) when the file's size
/// differs, then mapped as <see cref="ImageTransform.Normalize"/> maps them. A file that cannot be decoded throws an
/// <see cref="InvalidDataException"/> naming it when it is read. Reading from several threads at once is safe.</para>
/// </remarks>
public sealed class ImageFolderDataset : ImageDataset
{
    private readonly string[] _files;
    private readonly int[]? _labels;
    private readonly ImageFolderOptions _options;
    private readonly ConcurrentDictionary<int, float[]> _cache = new();
    private long _cachedBytes;

    /// <summary>Lists the images of <paramref name="root"/>; nothing is decoded yet.</summary>
    /// <param name="root">The folder.</param>
    /// <param name="shape">Shape of every delivered image: 1 or 3 channels, any height and width.</param>
    /// <param name="options">Labels, extensions, scale, resize filter, cache; defaults from <see cref="ImageFolderOptions"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">The shape has another channel count than 1 or 3, an option is out of range, the
    /// folder holds no image files, or (with labels) it has no subfolders or a subfolder holds no images.</exception>
    public ImageFolderDataset(string root, ImageShape shape, ImageFolderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _options = options ?? new ImageFolderOptions();
        if (shape.Channels is not (1 or 3))
        {
            throw new ArgumentException($"The image shape {shape} has {shape.Channels} channels; image folders deliver 1 (gray) or 3 (RGB).", nameof(shape));
        }

        if (!Enum.IsDefined(_options.Scale) || !Enum.IsDefined(_options.Resize) || _options.MaxCacheBytes < 0)
        {
            throw new ArgumentException(
                $"ImageFolderOptions out of range: Scale {_options.Scale}, Resize {_options.Resize}, MaxCacheBytes {_options.MaxCacheBytes} (>= 0).",
                nameof(options));
        }

        Root = root;
        ImageShape = shape;
        string[] suffixes = ImageFileSearch.Suffixes(_options.Extensions);
        if (_options.LabelsFromSubfolders)
        {
            (_files, _labels, Classes) = ListClasses(root, suffixes);
        }
        else
        {
            _files = [.. Find(root)];
            Classes = [];
            if (_files.Length == 0)
            {
                throw new ArgumentException(
                    $"The folder '{root}' holds no files ending in {string.Join(", ", suffixes)}{(_options.Recursive ? " (searched recursively)" : "")}.",
                    nameof(root));
            }
        }
    }

    /// <summary>The folder given at construction.</summary>
    public string Root { get; }

    /// <summary>Paths of the images, in data set order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Class names (subfolder names, sorted) when labelled; label i is Classes[i]. Empty otherwise.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <inheritdoc />
    public override int Count => _files.Length;

    /// <inheritdoc />
    public override ImageShape ImageShape { get; }

    /// <inheritdoc />
    public override bool HasLabels => _labels is not null;

    /// <inheritdoc />
    protected override void CopyImageCore(int index, Span<float> destination)
    {
        if (_cache.TryGetValue(index, out var cached))
        {
            cached.CopyTo(destination);
            return;
        }

        Prepare(_files[index], destination);
        long bytes = (long)destination.Length * sizeof(float);
        if (Interlocked.Add(ref _cachedBytes, bytes) <= _options.MaxCacheBytes)
        {
            if (!_cache.TryAdd(index, destination.ToArray()))
            {
                Interlocked.Add(ref _cachedBytes, -bytes);
            }
        }
        else
        {
            Interlocked.Add(ref _cachedBytes, -bytes);
        }
    }

    /// <inheritdoc />
    protected override int GetLabelCore(int index) => _labels![index];

    private List<string> Find(string folder) =>
        ImageFileSearch.Find(folder, _options.Recursive, _options.Extensions, ignoreCase: true, FileOrder.DirectoryWalk);

    private (string[] Files, int[] Labels, string[] Classes) ListClasses(string root, string[] suffixes)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The image folder '{root}' does not exist.");
        }

        var classes = ImageFileSearch.SubfolderNames(root);
        if (classes.Count == 0)
        {
            throw new ArgumentException($"The folder '{root}' has no subfolders; with LabelsFromSubfolders each class is a subfolder.", nameof(root));
        }

        var files = new List<string>();
        var labels = new List<int>();
        var empty = new List<string>();
        for (int label = 0; label < classes.Count; label++)
        {
            var found = Find(Path.Combine(root, classes[label]));
            if (found.Count == 0)
            {
                empty.Add(classes[label]);
            }

            files.AddRange(found);
            labels.AddRange(Enumerable.Repeat(label, found.Count));
        }

        if (empty.Count > 0)
        {
            throw new ArgumentException(
                $"The class folder(s) {string.Join(", ", empty.Select(c => $"'{c}'"))} of '{root}' hold no files ending in " +
                $"{string.Join(", ", suffixes)}; torchvision's ImageFolder refuses such folders too.",
                nameof(root));
        }

        return ([.. files], [.. labels], [.. classes]);
    }

    /// <summary>Decode, convert, resize, scale: [C, H, W] values of the data set's shape.</summary>
    private void Prepare(string path, Span<float> destination)
    {
        var shape = ImageShape;
        Image image = ImageFile.Load(path, shape.Channels, _options.DecoderOptions, _options.JpegOptions);
        bool resize = image.Width != shape.Width || image.Height != shape.Height;
        if (resize && _options.Resize == ResizeFilter.Bicubic)
        {
            image = ImageResize.Bicubic(image, shape.Width, shape.Height);
            resize = false;
        }

        if (resize)
        {
            var raw = new float[image.PlaneLength];
            RawPlanes(image, raw);
            ImageResize.Bilinear(raw, shape.Channels, image.Height, image.Width, destination, shape.Height, shape.Width);
        }
        else
        {
            RawPlanes(image, destination);
        }

        NormalizeTransform.Scale(destination, destination, _options.Scale);
    }

    /// <summary>8-bit interleaved samples as 0-255 float planes [C, H, W].</summary>
    private static void RawPlanes(Image image, Span<float> destination)
    {
        int channels = image.Channels, plane = image.Width * image.Height;
        byte[] data = image.Data;
        for (int p = 0; p < plane; p++)
        {
            for (int c = 0; c < channels; c++)
            {
                destination[(c * plane) + p] = data[(p * channels) + c];
            }
        }
    }
}
