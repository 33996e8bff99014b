namespace Dcgan.Net.Logging;

/// <summary>
/// Receives training curves: one value per tag per step. Implemented by <see cref="TensorBoardWriter"/>,
/// <see cref="CsvScalarLogger"/>, <see cref="JsonLinesScalarLogger"/> and <see cref="CompositeLogger"/>.
/// Implementations in this library are thread-safe and make each logged value visible to readers of their file
/// before returning.
/// </summary>
/// <remarks>
/// A GAN trainer logs, for example, "loss/discriminator", "loss/generator", "D(x)", "D(G(z))/before_D_step" and
/// "D(G(z))/after_D_step" every step, and hands an image grid of its fixed noise to an <see cref="IImageLogger"/>
/// every N steps (test <c>logger is IImageLogger</c>; <see cref="CompositeLogger"/> forwards images to those of its
/// loggers that take them).
/// </remarks>
public interface IScalarLogger
{
    /// <summary>Logs one value of the curve <paramref name="tag"/>.</summary>
    /// <param name="tag">Curve name; '/' groups curves into sections in TensorBoard (e.g. "loss/generator").</param>
    /// <param name="value">The value (NaN and infinities are logged as they are).</param>
    /// <param name="step">Global step (x axis).</param>
    void LogScalar(string tag, float value, long step);

    /// <summary>Pushes anything still buffered to the underlying file(s).</summary>
    void Flush();
}

/// <summary>Receives images (e.g. a grid of generator samples) as encoded PNG bytes.</summary>
public interface IImageLogger
{
    /// <summary>Logs one encoded image under <paramref name="tag"/>.</summary>
    /// <param name="tag">Image series name.</param>
    /// <param name="encodedPng">A complete PNG file.</param>
    /// <param name="width">Image width in pixels, at least 1.</param>
    /// <param name="height">Image height in pixels, at least 1.</param>
    /// <param name="channels">1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</param>
    /// <param name="step">Global step.</param>
    void LogImage(string tag, ReadOnlySpan<byte> encodedPng, int width, int height, int channels, long step);
}
