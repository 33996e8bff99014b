namespace Dcgan.Net.Imaging;

/// <summary>The float range that image samples are mapped to in CHW float planes.</summary>
public enum PixelRange
{
    /// <summary>[0, 1]: value / 255 (or / 65535), as torchvision's <c>ToTensor</c>.</summary>
    ZeroToOne = 0,

    /// <summary>
    /// [-1, 1]: (value / 255 - 0.5) / 0.5, as <c>ToTensor</c> followed by <c>Normalize(0.5, 0.5)</c> (the usual
    /// GAN input range, and pytorch-fid's <c>2 * x - 1</c>, which gives the same float32 values).
    /// </summary>
    MinusOneToOne = 1,
}
