using Dcgan.Net.Imaging;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Fid;

/// <summary>Small seeded images written as PNG files for the image-set and FID tests.</summary>
internal static class FidTestImages
{
    /// <summary>A seeded 8-bit image; <paramref name="shift"/> brightens it, so two sets can differ in distribution.</summary>
    public static Image Random(int width, int height, int channels, ulong seed, int shift = 0)
    {
        var generator = new TensorGenerator(seed);
        var data = new byte[width * height * channels];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)Math.Min(255, generator.NextInt(200) + shift);
        }

        return new Image(width, height, channels, data);
    }

    /// <summary>Writes img000.png, img001.png, ... of the given sizes into <paramref name="folder"/>; returns the paths.</summary>
    public static string[] WriteFolder(string folder, IReadOnlyList<(int Width, int Height)> sizes, ulong seed, int channels = 3, int shift = 0)
    {
        Directory.CreateDirectory(folder);
        var paths = new string[sizes.Count];
        for (int i = 0; i < sizes.Count; i++)
        {
            paths[i] = Path.Combine(folder, $"img{i:D3}.png");
            Random(sizes[i].Width, sizes[i].Height, channels, seed + (ulong)i, shift).Save(paths[i]);
        }

        return paths;
    }

    /// <summary><paramref name="count"/> copies of one size.</summary>
    public static (int Width, int Height)[] Same(int count, int width, int height) => [.. Enumerable.Repeat((width, height), count)];
}
