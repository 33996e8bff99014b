using System.Globalization;
using Dcgan.Net.Imaging;
using Dcgan.Net.Logging;
using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Training;

/// <summary>
/// Saves grids of generated images while training: <c>&lt;directory&gt;/&lt;prefix&gt;_&lt;step:D6&gt;.png</c> (torchvision's
/// <c>save_image(..., nrow=8, padding=2, normalize=True, value_range=(-1, 1))</c> layout unless other grid options are
/// given) and, when an image logger is given (a <see cref="TensorBoardWriter"/>), the same PNG as an image summary.
/// </summary>
public sealed class SampleGridWriter
{
    /// <summary>The grid layout used when none is given: 8 per row, padding 2, [-1, 1] mapped to [0, 1].</summary>
    public static ImageGridOptions DefaultGridOptions { get; } = new() { Normalize = true, ValueRange = (-1f, 1f) };

    /// <summary>Creates the writer; the folder is created on the first write.</summary>
    /// <param name="directory">Folder of the PNG files, e.g. runs/&lt;name&gt;/images.</param>
    /// <param name="imageLogger">Also receives every grid (TensorBoard), or null. A <see cref="CompositeLogger"/> forwards to those of its loggers that take images.</param>
    /// <param name="prefix">File name prefix. Default "fixed_noise".</param>
    /// <param name="tag">Image series name for the logger. Default "samples/fixed_noise".</param>
    /// <param name="gridOptions">Grid layout; <see cref="DefaultGridOptions"/> when null.</param>
    /// <exception cref="ArgumentException">The directory, prefix or tag is empty.</exception>
    public SampleGridWriter(string directory, IImageLogger? imageLogger = null, string prefix = "fixed_noise", string tag = "samples/fixed_noise", ImageGridOptions? gridOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(tag);
        Directory = directory;
        ImageLogger = imageLogger;
        Prefix = prefix;
        Tag = tag;
        GridOptions = gridOptions ?? DefaultGridOptions;
    }

    /// <summary>Folder of the PNG files.</summary>
    public string Directory { get; }

    /// <summary>The logger that also receives the grids, or null.</summary>
    public IImageLogger? ImageLogger { get; }

    /// <summary>File name prefix.</summary>
    public string Prefix { get; }

    /// <summary>Image series name for the logger.</summary>
    public string Tag { get; }

    /// <summary>Grid layout.</summary>
    public ImageGridOptions GridOptions { get; }

    /// <summary>Path of the grid file for <paramref name="step"/>.</summary>
    public string PathFor(long step) => Path.Combine(Directory, $"{Prefix}_{step.ToString("D6", CultureInfo.InvariantCulture)}.png");

    /// <summary>Generates G(<paramref name="noise"/>) in evaluation mode, tiles it and writes the PNG (and logs it).</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="noise">z, [N, LatentDim] or [N, LatentDim, 1, 1].</param>
    /// <param name="step">Step the grid belongs to (file name and logger step).</param>
    /// <returns>The path written.</returns>
    public string Write(GeneratorModule generator, Tensor noise, long step)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var images = generator.Generate(noise);
        var (c, h, w) = generator.ImageShape;
        var grid = ImageGrid.Make(images.ToArray(), images.Size(0), c, h, w, GridOptions);
        byte[] png = PngEncoder.Encode(grid);
        string path = PathFor(step);
        System.IO.Directory.CreateDirectory(Directory);

        // Temporary file and rename, so a crash never leaves a truncated picture under the final name.
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, png);
        File.Move(temporary, path, overwrite: true);
        ImageLogger?.LogImage(Tag, png, grid.Width, grid.Height, grid.Channels, step);
        return path;
    }
}
