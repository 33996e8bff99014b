using System.Buffers;
using System.IO.Compression;

namespace Dcgan.Net.Imaging;

/// <summary>
/// Inflates the concatenated IDAT data, handing out exactly the bytes the scanlines need. It never asks
/// zlib for more than the expected total, so a decompression bomb costs no more than the image itself.
/// </summary>
internal sealed class PngInflater : IDisposable
{
    private const int MaxBuffer = 64 * 1024;

    private readonly ZLibStream _zlib;
    private readonly int _idatOffset;
    private readonly long _expected;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private long _fetched;

    public PngInflater(ReadOnlyMemory<byte> file, PngLayout layout, long expected)
    {
        _idatOffset = layout.FirstIdatOffset;
        _expected = expected;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expected, 1, MaxBuffer));
        _zlib = new ZLibStream(new SegmentStream(file, layout.IdatSegments), CompressionMode.Decompress);
    }

    /// <summary>Fills <paramref name="destination"/> with the next decompressed bytes.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            if (_start == _end)
            {
                Fill();
            }

            int n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            destination = destination[n..];
        }
    }

    /// <summary>
    /// Lets zlib reach the end of the stream so that it verifies the Adler-32 checksum; a stream that
    /// holds more data than the image needs is tolerated (as libpng and PIL do) and not read further.
    /// </summary>
    public void Finish()
    {
        Span<byte> one = stackalloc byte[1];
        try
        {
            _ = _zlib.ReadAtLeast(one, 1, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Corrupt(e);
        }
    }

    public void Dispose()
    {
        _zlib.Dispose();
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private void Fill()
    {
        byte[] buffer = _buffer!;
        int want = (int)Math.Min(buffer.Length, _expected - _fetched);
        int got;
        try
        {
            got = want == 0 ? 0 : _zlib.Read(buffer, 0, want);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Corrupt(e);
        }

        if (got == 0)
        {
            throw new InvalidDataException(
                $"PNG IDAT data (first IDAT chunk at offset {_idatOffset}) ends after {_fetched} decompressed bytes; the image needs {_expected}.");
        }

        _start = 0;
        _end = got;
        _fetched += got;
    }

    /// <summary>
    /// Wraps a zlib failure: <see cref="InvalidDataException"/> for corrupt data, or the runtime's ZLibException
    /// (an <see cref="IOException"/>) for e.g. a header asking for a preset dictionary.
    /// </summary>
    private InvalidDataException Corrupt(Exception inner) => new(
        $"PNG IDAT data (first IDAT chunk at offset {_idatOffset}) is not a valid zlib stream after {_fetched} decompressed bytes: {inner.Message}",
        inner);
}
