using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Imaging;

/// <content>NumPy files: .npy arrays and .npz archives of uint8 images.</content>
public sealed partial class ImageArray
{
    /// <summary>
    /// Reads images saved by NumPy: a <c>.npy</c> file, or one member of a <c>.npz</c> archive (<c>np.savez</c> or
    /// <c>np.savez_compressed</c>), recognised by content. The array must be uint8 of shape (N, H, W) (gray) or
    /// (N, H, W, C) with C from 1 to 4; Fortran-ordered arrays are accepted.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="member">For an .npz: the array name (e.g. <c>"arr_0"</c> for <c>np.savez(path, x)</c>); null takes
    /// the only member and is an error when there are several.</param>
    /// <returns>The images (read into memory: one byte per sample).</returns>
    /// <exception cref="InvalidDataException">The file is not a NumPy file, the member is missing or ambiguous, or the
    /// array is not uint8 images of a supported shape; the message names the file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ImageArray Read(string path, string? member = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[6];
            int read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            stream.Position = 0;
            if (magic[..read].SequenceEqual(NpyFile.Magic))
            {
                return FromRawArray(NpyFile.Read(stream));
            }

            if (!magic[..read].StartsWith("PK"u8))
            {
                throw new InvalidDataException(
                    $"not a NumPy file: it starts with 0x{Convert.ToHexString(magic[..read])}, not the .npy magic \\x93NUMPY or a .npz (ZIP) header.");
            }

            return FromRawArray(SelectMember(NpzFile.Read(stream), member));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
    }

    /// <summary>Interprets a NumPy array as images; see <see cref="Read"/> for the accepted dtypes and shapes.</summary>
    /// <param name="array">A uint8 array (N, H, W) or (N, H, W, C).</param>
    /// <returns>The images (the bytes are shared, not copied).</returns>
    /// <exception cref="InvalidDataException">The dtype, rank, channel count or a size is not supported.</exception>
    public static ImageArray FromRawArray(RawArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        long[] shape = array.Shape;
        RequireUInt8(array, "(N, H, W) or (N, H, W, C)");
        if (shape.Length is not (3 or 4))
        {
            throw new InvalidDataException(
                $"the array has shape {Format(shape)}; images are stored as (N, H, W) for gray or (N, H, W, C) with C from 1 to 4.");
        }

        long channels = shape.Length == 4 ? shape[3] : 1;
        RequireSizes(shape[1], shape[2], channels, shape);
        if (shape[0] < 1 || shape[0] > int.MaxValue)
        {
            throw new InvalidDataException($"the array has shape {Format(shape)}: it holds {shape[0]} images; at least 1 is needed.");
        }

        return new ImageArray(array.Data, (int)shape[0], (int)shape[1], (int)shape[2], (int)channels);
    }

    /// <summary>
    /// The images as a NumPy array: uint8 (N, H, W) for gray images, (N, H, W, C) otherwise, clean-fid's layout.
    /// </summary>
    /// <returns>An array sharing these bytes.</returns>
    public RawArray ToRawArray() => new(
        DataType.UInt8, Channels == 1 ? [Count, Height, Width] : [Count, Height, Width, Channels], _data);

    /// <summary>
    /// Saves the images as <c>np.save</c> would (a path ending in <c>.npy</c>, the same bytes as numpy writes) or as
    /// <c>np.savez_compressed</c> with one member (<c>.npz</c>). The file is written through a temporary file and a
    /// rename, so an existing file is replaced only by a complete new one.
    /// </summary>
    /// <param name="path">Destination ending in .npy or .npz; replaced if it exists.</param>
    /// <param name="member">The array name inside an .npz. Default <c>"arr_0"</c>, numpy's name for an unnamed array.</param>
    /// <exception cref="ArgumentException">The extension is neither .npy nor .npz, or the member name is empty.</exception>
    public void Save(string path, string member = "arr_0")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(member);
        string extension = Path.GetExtension(path);
        var array = ToRawArray();
        if (extension.Equals(".npy", StringComparison.OrdinalIgnoreCase))
        {
            SafeTensorsFile.WriteAtomically(path, stream => NpyFile.Write(stream, array));
        }
        else if (extension.Equals(".npz", StringComparison.OrdinalIgnoreCase))
        {
            SafeTensorsFile.WriteAtomically(path, stream => NpzFile.Write(stream, [new(member, array)], compressed: true));
        }
        else
        {
            throw new ArgumentException($"Cannot tell the format from the extension '{extension}' of '{path}'; use .npy or .npz.", nameof(path));
        }
    }

    /// <summary>One image stored as a .npy file, (H, W) or (H, W, C) uint8, as clean-fid reads image folders.</summary>
    internal static Image DecodeSingleImage(ReadOnlyMemory<byte> data, ImageDecoderOptions options)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        var array = NpyFile.Read(stream);
        long[] shape = array.Shape;
        RequireUInt8(array, "(H, W) or (H, W, C)");
        if (shape.Length is not (2 or 3))
        {
            throw new InvalidDataException(
                $"the .npy image has shape {Format(shape)}; one image is stored as (H, W) for gray or (H, W, C) with C from 1 to 4 " +
                "(a batch of images is read with ImageArray.Read).");
        }

        long channels = shape.Length == 3 ? shape[2] : 1;
        RequireSizes(shape[0], shape[1], channels, shape);
        if (shape[0] * shape[1] > options.MaxPixelCount)
        {
            throw new InvalidDataException(
                $"the .npy image of {shape[1]}x{shape[0]} pixels exceeds the limit of {options.MaxPixelCount} (ImageDecoderOptions.MaxPixelCount).");
        }

        return new Image((int)shape[1], (int)shape[0], (int)channels, array.Data);
    }

    private static RawArray SelectMember(IReadOnlyDictionary<string, RawArray> arrays, string? member)
    {
        if (member is not null)
        {
            return arrays.TryGetValue(member, out var chosen)
                ? chosen
                : throw new InvalidDataException($"the .npz has no member '{member}' (members: {string.Join(", ", arrays.Keys)}).");
        }

        return arrays.Count == 1
            ? arrays.Values.First()
            : throw new InvalidDataException(
                $"the .npz holds {arrays.Count} arrays ({string.Join(", ", arrays.Keys)}); name the one holding the images.");
    }

    private static void RequireUInt8(RawArray array, string layout)
    {
        if (array.DataType != DataType.UInt8)
        {
            throw new InvalidDataException(
                $"the array holds {array.DataType} values of shape {Format(array.Shape)}; images must be uint8 {layout} " +
                "(from floats in [0, 1]: np.clip(np.rint(x * 255), 0, 255).astype(np.uint8)).");
        }
    }

    private static void RequireSizes(long height, long width, long channels, long[] shape)
    {
        if (channels is < 1 or > 4)
        {
            throw new InvalidDataException($"the array has shape {Format(shape)}: {channels} channels; images have 1 to 4.");
        }

        if (height < 1 || width < 1 || height * width * channels > Array.MaxLength)
        {
            throw new InvalidDataException($"the array has shape {Format(shape)}: images must be at least 1x1 and fit in one array.");
        }
    }

    private static string Format(long[] shape) => "(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")");
}
