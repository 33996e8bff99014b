namespace Dcgan.Net.Data;

public static partial class CifarReader
{
    /// <summary>Collects records into growing label and image arrays, validating each one.</summary>
    private sealed class RecordAccumulator
    {
        private byte[] _images = [];
        private int[] _labels = [];
        private int _count;

        public void AddFile(string path)
        {
            using Stream stream = BoundedRead.OpenMaybeGzip(path, out bool gzip);
            if (!gzip)
            {
                long length = stream.Length;
                if (length == 0 || length % RecordLength != 0)
                {
                    throw new InvalidDataException(
                        $"{path}: {length} bytes is not a whole, non-zero number of {RecordLength}-byte CIFAR-10 records " +
                        $"({length / RecordLength} records and {length % RecordLength} bytes left over at offset {length - (length % RecordLength)}).");
                }

                Reserve((int)Math.Min(length / RecordLength, int.MaxValue / ImageLength));
            }

            AddStream(stream, gzip ? path + " (gzip)" : path);
        }

        public void AddStream(Stream stream, string source)
        {
            var record = new byte[RecordLength];
            long offset = 0;
            int before = _count;
            while (true)
            {
                int got = ReadRecord(stream, record, source, offset);
                if (got == 0)
                {
                    break;
                }

                if (got < RecordLength)
                {
                    throw new InvalidDataException(
                        $"{source}: the record at offset {offset} has only {got} of {RecordLength} bytes; the file is truncated or not CIFAR-10.");
                }

                if (record[0] >= ClassCount)
                {
                    throw new InvalidDataException(
                        $"{source}: label {record[0]} at offset {offset} is not a CIFAR-10 class (0-9); is this CIFAR-100 or another format?");
                }

                Reserve(_count + 1);
                _labels[_count] = record[0];
                record.AsSpan(1).CopyTo(_images.AsSpan(_count * ImageLength));
                _count++;
                offset += RecordLength;
            }

            if (_count == before)
            {
                throw new InvalidDataException($"{source}: no CIFAR-10 records (the data is empty).");
            }
        }

        private static int ReadRecord(Stream stream, byte[] record, string source, long offset)
        {
            try
            {
                return stream.ReadAtLeast(record, RecordLength, throwOnEndOfStream: false);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{source}: corrupt compressed data in the record at offset {offset}: {ex.Message}", ex);
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidDataException($"{source}: the data ends inside the record at offset {offset}.", ex);
            }
        }

        public void Append(RecordAccumulator other)
        {
            Reserve(_count + other._count);
            other._images.AsSpan(0, other._count * ImageLength).CopyTo(_images.AsSpan(_count * ImageLength));
            other._labels.AsSpan(0, other._count).CopyTo(_labels.AsSpan(_count));
            _count += other._count;
        }

        public ByteImageDataset ToDataset()
        {
            if (_images.Length != _count * ImageLength)
            {
                Array.Resize(ref _images, _count * ImageLength);
                Array.Resize(ref _labels, _count);
            }

            return new ByteImageDataset(_images, new ImageShape(3, 32, 32), _labels);
        }

        private void Reserve(int records)
        {
            if (records <= _labels.Length)
            {
                return;
            }

            if ((long)records * ImageLength > Array.MaxLength)
            {
                throw new InvalidDataException($"More than {Array.MaxLength / ImageLength} CIFAR-10 images do not fit in one array.");
            }

            int capacity = (int)Math.Min(Math.Max(records, 2L * _labels.Length), Array.MaxLength / ImageLength);
            Array.Resize(ref _images, capacity * ImageLength);
            Array.Resize(ref _labels, capacity);
        }
    }
}
