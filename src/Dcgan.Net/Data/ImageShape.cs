namespace Dcgan.Net.Data;

/// <summary>The shape of one image as the data sets deliver it: [channels, height, width] (CHW, row-major).</summary>
public readonly record struct ImageShape
{
    /// <summary>Creates a shape; every size must be at least 1.</summary>
    /// <param name="channels">Channels (1 gray, 3 RGB).</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the image has more than int.MaxValue values.</exception>
    public ImageShape(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if ((long)channels * height * width > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"An image of {channels}x{height}x{width} values is too large.");
        }

        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>Channels (1 gray, 3 RGB).</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Number of values in one image: Channels * Height * Width.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>The shape as "[C, H, W]".</summary>
    public override string ToString() => $"[{Channels}, {Height}, {Width}]";
}
