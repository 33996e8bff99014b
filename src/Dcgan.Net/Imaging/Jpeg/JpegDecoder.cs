using Dcgan.Net.Imaging.Jpeg;

namespace Dcgan.Net.Imaging;

/// <summary>
/// Decodes JPEG (JFIF/EXIF) files into 8-bit <see cref="Image"/>s: 1 channel for grayscale, 3 (RGB) for colour.
/// </summary>
/// <remarks>
/// <para>Supported (ITU-T T.81): baseline (SOF0), extended sequential Huffman with 8-bit samples (SOF1) and
/// progressive Huffman (SOF2, spectral selection and successive approximation); one component (grayscale)
/// or three (YCbCr per JFIF, or RGB when an Adobe APP14 marker has transform 0 or the component ids are
/// 'R','G','B'); any integral sampling factors (4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1, ...); restart markers.</para>
/// <para>Not supported, reported with <see cref="NotSupportedException"/>: arithmetic coding (SOF9-11, SOF13-15),
/// lossless (SOF3) and hierarchical (SOF5-7) processes, 12- and 16-bit samples, 2 or 4 components
/// (CMYK/YCCK), fractional sampling ratios, and heights defined by a DNL marker.</para>
/// <para>Pixels match PIL (libjpeg-turbo with its defaults) closely: the inverse DCT has the precision of
/// libjpeg's integer "islow" method, chroma is upsampled with libjpeg's triangle ("fancy") filter and
/// colour conversion uses its fixed-point rounding. On the test fixtures the output equals PIL's exactly
/// (see tests/Dcgan.Net.Tests/Fixtures/Jpeg/README.md).</para>
/// <para>Malformed data (truncated files, bad markers or segment lengths, undefined tables, corrupt
/// entropy-coded data, more pixels than <see cref="JpegDecoderOptions.MaxPixelCount"/>, more scans than
/// <see cref="JpegDecoderOptions.MaxScanCount"/>) raises <see cref="InvalidDataException"/> naming the
/// problem and its byte offset. Like libjpeg, stray bytes between segments are skipped, and a sequential
/// file whose scans are complete decodes even when its final EOI marker is missing; a progressive file
/// must end with EOI. Malformed EXIF metadata is ignored.</para>
/// <para>The methods are thread-safe. Each scan is first copied with its 0xFF 0x00 stuffing removed, so
/// the Huffman decoder refills its bit buffer without per-byte checks. On x64 the inverse DCT (AVX2),
/// chroma upsampling (AVX2 or AVX-512) and colour conversion (AVX2, or AVX-512 with VBMI) use SIMD
/// kernels that give the same bytes as the scalar code used elsewhere.</para>
/// </remarks>
public static class JpegDecoder
{
    /// <summary>Decodes a JPEG file held in memory (the bytes are copied once).</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="options">Decoding options; <see cref="JpegDecoderOptions.Default"/> when null.</param>
    /// <returns>An 8-bit image with 1 (grayscale) or 3 (RGB) channels.</returns>
    /// <exception cref="InvalidDataException">The data is not a well-formed JPEG file, or exceeds the pixel limit.</exception>
    /// <exception cref="NotSupportedException">The file uses a JPEG feature this decoder does not implement.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, JpegDecoderOptions? options = null) =>
        Decode(data.ToArray(), options);

    /// <summary>Decodes a JPEG file held in an array (not copied).</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="options">Decoding options; <see cref="JpegDecoderOptions.Default"/> when null.</param>
    /// <returns>An 8-bit image with 1 (grayscale) or 3 (RGB) channels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="InvalidDataException">The data is not a well-formed JPEG file, or exceeds the pixel limit.</exception>
    /// <exception cref="NotSupportedException">The file uses a JPEG feature this decoder does not implement.</exception>
    public static Image Decode(byte[] data, JpegDecoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new JpegDecoderCore(data, data.Length, options ?? JpegDecoderOptions.Default).Decode();
    }

    /// <summary>Reads a stream to its end and decodes it as a JPEG file.</summary>
    /// <param name="stream">A readable stream positioned at the start of the file; it is not closed.</param>
    /// <param name="options">Decoding options; <see cref="JpegDecoderOptions.Default"/> when null.</param>
    /// <returns>An 8-bit image with 1 (grayscale) or 3 (RGB) channels.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="InvalidDataException">The data is not a well-formed JPEG file, is longer than
    /// <see cref="JpegDecoderOptions.MaxStreamLength"/>, or exceeds the pixel limit.</exception>
    /// <exception cref="NotSupportedException">The file uses a JPEG feature this decoder does not implement.</exception>
    public static Image Decode(Stream stream, JpegDecoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= JpegDecoderOptions.Default;
        (byte[] buffer, int length) = ReadAll(stream, options.MaxStreamLength);
        return new JpegDecoderCore(buffer, length, options).Decode();
    }

    private static (byte[] Buffer, int Length) ReadAll(Stream stream, long limit)
    {
        long cap = Math.Min(limit, Array.MaxLength);
        int capacity = 64 * 1024;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > cap)
            {
                throw new InvalidDataException($"JPEG stream holds {remaining} bytes, more than the limit of {limit} (JpegDecoderOptions.MaxStreamLength).");
            }

            capacity = (int)Math.Max(remaining, 1);
        }

        byte[] buffer = new byte[Math.Max(1, Math.Min(capacity, cap))];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // Full: grow only if the stream really has more.
                int next = stream.ReadByte();
                if (next < 0)
                {
                    break;
                }

                if (length >= cap)
                {
                    throw new InvalidDataException($"JPEG stream is longer than the limit of {limit} bytes (JpegDecoderOptions.MaxStreamLength).");
                }

                Array.Resize(ref buffer, (int)Math.Min(cap, (long)buffer.Length * 2));
                buffer[length++] = (byte)next;
                continue;
            }

            int read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return (buffer, length);
    }
}
