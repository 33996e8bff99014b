namespace Dcgan.Net.Imaging;

/// <content>Saving to a file chosen by extension.</content>
public sealed partial class Image
{
    /// <summary>
    /// Saves the image at <paramref name="path"/> (overwritten if present) in the format named by the
    /// extension: <c>.png</c> (<see cref="PngEncoder"/>, default options) or <c>.ppm</c>/<c>.pgm</c>/<c>.pnm</c>
    /// (<see cref="PnmEncoder"/>, binary; gray or RGB images only).
    /// </summary>
    /// <param name="path">Destination file path.</param>
    /// <exception cref="ArgumentException">The extension is not one of the above, or PNM is asked for an image with alpha.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string extension = Path.GetExtension(path).ToUpperInvariant();
        switch (extension)
        {
            case ".PNG":
                PngEncoder.Save(this, path);
                break;
            case ".PPM" or ".PGM" or ".PNM":
                PnmEncoder.Save(this, path);
                break;
            default:
                throw new ArgumentException($"Cannot tell the image format from the extension '{extension}' of '{path}'; use .png, .ppm, .pgm or .pnm.", nameof(path));
        }
    }
}
