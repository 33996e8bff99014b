namespace Dcgan.Net.Data;

/// <summary>The range pixel values are mapped to from raw bytes 0-255.</summary>
public enum PixelScale
{
    /// <summary>Raw values 0-255, unchanged.</summary>
    Raw,

    /// <summary>[-1, 1]: <c>x / 127.5f - 1f</c> in float32, exactly as the PyTorch reference
    /// (<c>x.astype(np.float32) / 127.5 - 1.0</c>); the range of a tanh generator.</summary>
    MinusOneToOne,

    /// <summary>[0, 1]: <c>x / 255f</c> in float32, as torchvision's <c>ToTensor</c>.</summary>
    ZeroToOne,
}
