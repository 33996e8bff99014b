namespace Dcgan.Net.Imaging;

/// <summary>Settings of <see cref="ImageGrid"/>, named after torchvision's <c>make_grid</c> arguments.</summary>
public sealed class ImageGridOptions
{
    /// <summary>The options used when none are given: the defaults documented on each property.</summary>
    public static ImageGridOptions Default { get; } = new();

    /// <summary>Images per grid row (<c>nrow</c>). Default 8.</summary>
    public int ImagesPerRow { get; init; } = 8;

    /// <summary>Pixels of padding around and between images (<c>padding</c>). Default 2.</summary>
    public int Padding { get; init; } = 2;

    /// <summary>Value of the padding, in the scale of the normalized samples (<c>pad_value</c>). Default 0.</summary>
    public float PadValue { get; init; }

    /// <summary>
    /// When true (<c>normalize=True</c>), samples are clamped to <see cref="ValueRange"/> and mapped to [0, 1];
    /// without a range, the minimum and maximum of the samples are used. Default false: samples are taken
    /// to be in [0, 1] already (values outside are clamped when converted to bytes).
    /// </summary>
    public bool Normalize { get; init; }

    /// <summary>
    /// The (low, high) range mapped to [0, 1] when <see cref="Normalize"/> is true (<c>value_range</c>), e.g.
    /// (-1, 1) for tanh generator outputs. Default null: each normalization uses the data's min and max.
    /// </summary>
    public (float Low, float High)? ValueRange { get; init; }

    /// <summary>With <see cref="Normalize"/>, normalize each image on its own (<c>scale_each</c>). Default false.</summary>
    public bool ScaleEach { get; init; }
}
