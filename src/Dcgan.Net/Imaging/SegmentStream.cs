namespace Dcgan.Net.Imaging;

/// <summary>A read-only stream over several slices of one buffer, read back to back (the IDAT data).</summary>
internal sealed class SegmentStream : Stream
{
    private readonly ReadOnlyMemory<byte> _source;
    private readonly IReadOnlyList<(int Offset, int Length)> _segments;
    private int _segment;
    private int _position;

    public SegmentStream(ReadOnlyMemory<byte> source, IReadOnlyList<(int Offset, int Length)> segments)
    {
        _source = source;
        _segments = segments;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_segment < _segments.Count)
        {
            var (start, length) = _segments[_segment];
            int available = length - _position;
            if (available > 0 && buffer.Length > 0)
            {
                int n = Math.Min(available, buffer.Length);
                _source.Span.Slice(start + _position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            if (buffer.Length == 0)
            {
                return 0;
            }

            _segment++;
            _position = 0;
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
