namespace Dcgan.Net.Imaging;

/// <summary>The two orders in which Python tools visit image folders.</summary>
internal enum FileOrder
{
    /// <summary>
    /// <c>sorted()</c> of pathlib paths (pytorch-fid's <c>sorted(path.glob("*.png") ...)</c>, and <c>rglob</c> for a
    /// recursive search): relative paths compared component by component, so "sub/x.png" comes before "sub b/y.png".
    /// </summary>
    PathParts,

    /// <summary>
    /// torchvision's ImageFolder: <c>sorted(os.walk(folder))</c>, i.e. folders in the order of their full path strings,
    /// each folder's own files sorted by name before the next folder, so "sub b/y.png" comes before "sub/x/z.png".
    /// </summary>
    DirectoryWalk,
}

/// <summary>Lists the image files of a folder by extension, in the order a Python tool would visit them.</summary>
/// <remarks>
/// Names are compared ordinally (UTF-16 code units; Python compares code points, which differs only between characters
/// outside the Basic Multilingual Plane and those from U+E000). Hidden files are included, as pathlib and os.walk include
/// them; directories are never returned even when their name matches (pytorch-fid's glob would return them and then fail
/// to open them); links to directories are not followed, so a link cycle cannot make the search endless.
/// </remarks>
internal static class ImageFileSearch
{
    /// <summary>torchvision's IMG_EXTENSIONS (matched ignoring case by ImageFolder).</summary>
    public static IReadOnlyList<string> TorchvisionExtensions { get; } = ["jpg", "jpeg", "png", "ppm", "bmp", "pgm", "tif", "tiff", "webp"];

    /// <summary>pytorch-fid's IMAGE_EXTENSIONS (matched case-sensitively by its glob on Linux).</summary>
    public static IReadOnlyList<string> PytorchFidExtensions { get; } = ["bmp", "jpg", "jpeg", "pgm", "png", "ppm", "tif", "tiff", "webp"];

    private static readonly EnumerationOptions Everything = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Full paths of the files below <paramref name="folder"/> whose names end in "." + an extension.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">An extension is empty.</exception>
    public static List<string> Find(string folder, bool recursive, IEnumerable<string> extensions, bool ignoreCase, FileOrder order)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The image folder '{folder}' does not exist.");
        }

        string[] suffixes = Suffixes(extensions);
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var groups = new List<(string Folder, List<string> Files)>();
        Collect(folder, recursive, suffixes, comparison, groups);
        if (order == FileOrder.DirectoryWalk)
        {
            groups.Sort((a, b) => string.CompareOrdinal(a.Folder, b.Folder));
            return [.. groups.SelectMany(g => g.Files)];
        }

        var files = groups.SelectMany(g => g.Files).ToList();
        int rootLength = Path.TrimEndingDirectorySeparator(folder).Length;
        files.Sort((a, b) => ComparePathParts(a.AsSpan(rootLength), b.AsSpan(rootLength)));
        return files;
    }

    /// <summary>The immediate subfolders of <paramref name="folder"/>, sorted by name (torchvision's find_classes).</summary>
    public static List<string> SubfolderNames(string folder)
    {
        var names = new DirectoryInfo(folder).EnumerateDirectories("*", Everything).Select(d => d.Name).ToList();
        names.Sort(string.CompareOrdinal);
        return names;
    }

    /// <summary>The extensions as ".ext" suffixes.</summary>
    public static string[] Suffixes(IEnumerable<string> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var suffixes = extensions.Select(e => "." + (e ?? "").TrimStart('.')).Distinct(StringComparer.Ordinal).ToArray();
        if (suffixes.Length == 0 || suffixes.Any(s => s.Length == 1))
        {
            throw new ArgumentException(
                $"Extensions must be non-empty names such as \"png\"; got [{string.Join(", ", extensions)}].", nameof(extensions));
        }

        return suffixes;
    }

    private static void Collect(
        string folder, bool recursive, string[] suffixes, StringComparison comparison, List<(string, List<string>)> groups)
    {
        var files = new List<string>();
        var subfolders = new List<string>();
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Everything))
        {
            if (entry is DirectoryInfo directory)
            {
                if (recursive && directory.LinkTarget is null)
                {
                    subfolders.Add(directory.FullName);
                }
            }
            else if (suffixes.Any(s => entry.Name.EndsWith(s, comparison)))
            {
                files.Add(Path.Combine(folder, entry.Name));
            }
        }

        files.Sort(string.CompareOrdinal);
        groups.Add((folder, files));
        foreach (string subfolder in subfolders)
        {
            Collect(Path.Combine(folder, Path.GetFileName(subfolder)), recursive, suffixes, comparison, groups);
        }
    }

    /// <summary>Compares relative paths component by component, as pathlib orders paths.</summary>
    private static int ComparePathParts(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart(Path.DirectorySeparatorChar);
        b = b.TrimStart(Path.DirectorySeparatorChar);
        while (true)
        {
            int ia = a.IndexOf(Path.DirectorySeparatorChar), ib = b.IndexOf(Path.DirectorySeparatorChar);
            var partA = ia < 0 ? a : a[..ia];
            var partB = ib < 0 ? b : b[..ib];
            int c = partA.SequenceCompareTo(partB);
            if (c != 0 || ia < 0 || ib < 0)
            {
                return c != 0 ? c : (ia < 0 ? 0 : 1) - (ib < 0 ? 0 : 1);
            }

            a = a[(ia + 1)..];
            b = b[(ib + 1)..];
        }
    }
}
