namespace Dcgan.Net.Tensors.Serialization;

public static partial class TorchCheckpoint
{
    /// <summary>Deepest container nesting accepted in a checkpoint (real ones nest fewer than ten levels).</summary>
    public const int MaxNestingDepth = 256;

    /// <summary>
    /// The materialized tensors may take at most this many times the input's size (plus 1 MiB): only overlapping
    /// views of one storage could need more, and those are refused rather than allowed to exhaust memory.
    /// </summary>
    private const long MaxExpansionFactor = 4;

    /// <summary>
    /// Replaces every pickled tensor of the tree by a <see cref="RawArray"/>, walking iteratively so that deep or
    /// cyclic input cannot overflow the call stack. Identical views share one array, as tied weights share storage,
    /// and a tensor that covers its whole storage contiguously takes the storage's bytes without a copy.
    /// </summary>
    private static object? Materialize(object? root, long inputLength)
    {
        var state = new Materializer(inputLength);
        if (!IsContainer(root))
        {
            return state.Convert(root);
        }

        var visiting = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var done = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var frames = new Stack<(object Container, int Index)>();
        visiting.Add(root!);
        frames.Push((root!, 0));
        while (frames.Count > 0)
        {
            var (container, index) = frames.Pop();
            if (index >= Count(container))
            {
                visiting.Remove(container);
                done.Add(container);
                continue;
            }

            frames.Push((container, index + 1));
            object? child = state.Convert(GetChild(container, index));
            SetChild(container, index, child);
            if (!IsContainer(child) || done.Contains(child!))
            {
                continue;
            }

            if (!visiting.Add(child!))
            {
                throw new InvalidDataException("The checkpoint contains a container that includes itself (a cycle).");
            }

            if (frames.Count >= MaxNestingDepth)
            {
                throw new InvalidDataException($"The checkpoint nests containers more than {MaxNestingDepth} levels deep.");
            }

            frames.Push((child!, 0));
        }

        return root;
    }

    private static bool IsContainer(object? value) =>
        value is OrderedDictionary<object, object?> or List<object?> or object?[];

    private static int Count(object container) => container switch
    {
        OrderedDictionary<object, object?> dict => dict.Count,
        List<object?> list => list.Count,
        _ => ((object?[])container).Length,
    };

    private static object? GetChild(object container, int index) => container switch
    {
        OrderedDictionary<object, object?> dict => dict.GetAt(index).Value,
        List<object?> list => list[index],
        _ => ((object?[])container)[index],
    };

    private static void SetChild(object container, int index, object? value)
    {
        switch (container)
        {
            case OrderedDictionary<object, object?> dict: dict.SetAt(index, value); break;
            case List<object?> list: list[index] = value; break;
            default: ((object?[])container)[index] = value; break;
        }
    }

    private sealed class Materializer(long inputLength)
    {
        private readonly Dictionary<string, RawArray> _views = new(StringComparer.Ordinal);
        private readonly long _budget = checked((MaxExpansionFactor * inputLength) + (1L << 20));
        private long _produced;

        public object? Convert(object? value)
        {
            if (value is not TorchCheckpointTensor tensor)
            {
                return value;
            }

            if (_views.TryGetValue(tensor.ViewKey, out RawArray? shared))
            {
                return shared;
            }

            byte[] source = tensor.Storage.Data
                ?? throw new InvalidDataException($"Storage '{tensor.Storage.Key}' of the checkpoint has no data.");
            int elementSize = RawArray.ElementSize(tensor.Storage.DataType);
            long byteCount = tensor.ElementCount * elementSize;
            if (tensor.Offset == 0 && byteCount == source.LongLength && IsContiguous(tensor.Size, tensor.Stride))
            {
                // The tensor is its whole storage in row-major order (the usual case): adopt the bytes, no copy.
                var whole = new RawArray(tensor.Storage.DataType, tensor.Size, source);
                _views.Add(tensor.ViewKey, whole);
                return whole;
            }

            _produced += byteCount;
            if (_produced > _budget || byteCount > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"The checkpoint's tensors would take more than {_budget} bytes ({MaxExpansionFactor} times the input); " +
                    "many overlapping views of the same storage are not supported.");
            }

            var data = new byte[byteCount];
            CopyStrided(source, elementSize, tensor, data);
            var array = new RawArray(tensor.Storage.DataType, tensor.Size, data);
            _views.Add(tensor.ViewKey, array);
            return array;
        }

        private static bool IsContiguous(long[] size, long[] stride)
        {
            long expected = 1;
            for (int d = size.Length - 1; d >= 0; d--)
            {
                if (size[d] != 1 && stride[d] != expected)
                {
                    return false;
                }

                expected *= size[d];
            }

            return true;
        }

        // Copies a strided view out row by row: the innermost dimension is a run of elements spaced by its stride,
        // the outer dimensions advance like an odometer. Bounds were checked when the tensor was unpickled.
        private static void CopyStrided(byte[] source, int elementSize, TorchCheckpointTensor tensor, byte[] target)
        {
            if (tensor.ElementCount == 0)
            {
                return;
            }

            int rank = tensor.Size.Length;
            if (rank == 0)
            {
                Buffer.BlockCopy(source, checked((int)(tensor.Offset * elementSize)), target, 0, elementSize);
                return;
            }

            long inner = tensor.Size[rank - 1];
            long innerStride = tensor.Stride[rank - 1];
            var index = new long[rank - 1];
            long written = 0;
            long rowStart = tensor.Offset;
            while (true)
            {
                if (innerStride == 1)
                {
                    Buffer.BlockCopy(source, checked((int)(rowStart * elementSize)), target, checked((int)written), checked((int)(inner * elementSize)));
                    written += inner * elementSize;
                }
                else
                {
                    for (long j = 0; j < inner; j++)
                    {
                        Buffer.BlockCopy(source, checked((int)((rowStart + (j * innerStride)) * elementSize)), target, checked((int)written), elementSize);
                        written += elementSize;
                    }
                }

                int d = rank - 2;
                while (d >= 0 && ++index[d] == tensor.Size[d])
                {
                    rowStart -= (tensor.Size[d] - 1) * tensor.Stride[d];
                    index[d] = 0;
                    d--;
                }

                if (d < 0)
                {
                    return;
                }

                rowStart += tensor.Stride[d];
            }
        }
    }
}
