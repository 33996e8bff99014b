using System.Numerics;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// The whitelist of a PyTorch checkpoint pickle (spec 6.3): <c>collections.OrderedDict</c>, the tensor and
/// parameter rebuild functions of <c>torch._utils</c>, the typed storage classes <c>torch.*Storage</c>,
/// <c>torch.Size</c> and <c>_codecs.encode</c> (bytes in protocol 2). Any other global is refused by name.
/// </summary>
internal sealed class TorchCheckpointResolver(long inputLength) : IPickleResolver
{
    private static readonly (string Name, DataType Type)[] StorageTypes =
    [
        ("FloatStorage", DataType.Float32), ("DoubleStorage", DataType.Float64), ("HalfStorage", DataType.Float16),
        ("BFloat16Storage", DataType.BFloat16), ("LongStorage", DataType.Int64), ("IntStorage", DataType.Int32),
        ("ShortStorage", DataType.Int16), ("CharStorage", DataType.Int8), ("ByteStorage", DataType.UInt8),
        ("BoolStorage", DataType.Bool),
    ];

    private readonly Dictionary<string, TorchCheckpointStorage> _storages = new(StringComparer.Ordinal);

    private enum Function
    {
        OrderedDict,
        RebuildTensorV2,
        RebuildTensor,
        RebuildParameter,
        RebuildParameterWithState,
        Size,
        CodecsEncode,
        StorageType,
    }

    /// <summary>Storages named by the persistent ids seen so far, by key.</summary>
    public IReadOnlyDictionary<string, TorchCheckpointStorage> Storages => _storages;

    /// <summary>The torch storage class name (module <c>torch</c>) for <paramref name="dataType"/>.</summary>
    public static string StorageClassName(DataType dataType) =>
        Array.Find(StorageTypes, s => s.Type == dataType).Name
        ?? throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Unknown data type.");

    public object ResolveGlobal(string module, string name, long offset)
    {
        Function? function = (module, name) switch
        {
            ("collections", "OrderedDict") => Function.OrderedDict,
            ("torch._utils", "_rebuild_tensor_v2") => Function.RebuildTensorV2,
            ("torch._utils", "_rebuild_tensor") => Function.RebuildTensor,
            ("torch._utils", "_rebuild_parameter") => Function.RebuildParameter,
            ("torch._utils", "_rebuild_parameter_with_state") => Function.RebuildParameterWithState,
            ("torch", "Size") => Function.Size,
            ("_codecs", "encode") => Function.CodecsEncode,
            ("torch", _) when Array.Exists(StorageTypes, s => s.Name == name) => Function.StorageType,
            _ => null,
        };
        if (function is null)
        {
            throw new InvalidDataException(
                $"The checkpoint pickle refers to the global '{module}.{name}' (byte {offset}), which is not allowed: only " +
                "plain state dicts and containers of tensors, numbers and strings can be read (a whole pickled nn.Module, " +
                "NumPy objects or other classes cannot).");
        }

        DataType storageType = function == Function.StorageType ? Array.Find(StorageTypes, s => s.Name == name).Type : default;
        return new Global(module, name, function.Value, storageType);
    }

    public object? Call(object callable, object?[] args, bool isNewObj, long offset)
    {
        if (callable is not Global global || (isNewObj && global.Function != Function.OrderedDict))
        {
            throw Error($"calls {PickleReader.Describe(callable)}{(isNewObj ? " with NEWOBJ" : string.Empty)}, which is not supported", offset);
        }

        switch (global.Function)
        {
            case Function.OrderedDict when args.Length == 0:
                return new OrderedDictionary<object, object?>();
            case Function.RebuildTensorV2 when args.Length is 6 or 7:
            case Function.RebuildTensor when args.Length == 4:
                return MakeTensor(args, offset);
            case Function.RebuildParameter when args.Length == 3 && args[0] is TorchCheckpointTensor:
            case Function.RebuildParameterWithState when args.Length == 4 && args[0] is TorchCheckpointTensor:
                return args[0];
            case Function.Size when args.Length == 1 && args[0] is object?[] dims && Array.TrueForAll(dims, d => d is long):
                return dims;
            case Function.CodecsEncode when args.Length == 2 && args[0] is string text && args[1] is "latin1" or "latin-1":
                return EncodeLatin1(text, offset);
            default:
                throw Error($"calls {global} with {args.Length} unexpected arguments", offset);
        }
    }

    public void Build(object? target, object? state, long offset)
    {
        // An OrderedDict's state carries attributes such as _metadata (module versions); tensors may carry hooks.
        if (target is not (OrderedDictionary<object, object?> or TorchCheckpointTensor))
        {
            throw Error($"applies BUILD to {PickleReader.Describe(target)}, which is not supported", offset);
        }
    }

    public object? PersistentLoad(object? pid, long offset)
    {
        if (pid is not object?[] { Length: 5 or 6 } id || id[0] is not "storage" || id[1] is not Global { Function: Function.StorageType } type
            || id[2] is not string key || id[3] is not string || id[4] is not long elementCount || elementCount < 0)
        {
            throw Error($"has the persistent id {PickleReader.Describe(pid)}; expected ('storage', torch.XStorage, key, location, numel)", offset);
        }

        long byteCount = elementCount > inputLength ? long.MaxValue : elementCount * RawArray.ElementSize(type.StorageType);
        if (byteCount > inputLength || byteCount > Array.MaxLength)
        {
            throw Error($"declares storage '{key}' of {elementCount} elements, more bytes than the whole {inputLength}-byte input", offset);
        }

        if (_storages.TryGetValue(key, out TorchCheckpointStorage? storage))
        {
            if (storage.DataType != type.StorageType || storage.ElementCount != elementCount)
            {
                throw Error($"uses storage '{key}' both as {storage.DataType}[{storage.ElementCount}] and as {type.StorageType}[{elementCount}]", offset);
            }
        }
        else
        {
            storage = new TorchCheckpointStorage(key, type.StorageType, elementCount);
            _storages.Add(key, storage);
        }

        // Legacy files may name a view of the storage: (view_key, offset, size) in elements.
        if (id.Length == 6 && id[5] is not null)
        {
            if (id[5] is not object?[] { Length: 3 } view || view[1] is not long viewOffset || view[2] is not long viewLength
                || viewOffset < 0 || viewLength < 0 || viewOffset > elementCount - viewLength)
            {
                throw Error($"has a storage view {PickleReader.Describe(id[5])} outside storage '{key}' of {elementCount} elements", offset);
            }

            return new TorchCheckpointStorageSlice(storage, viewOffset, viewLength);
        }

        return new TorchCheckpointStorageSlice(storage, 0, elementCount);
    }

    private static TorchCheckpointTensor MakeTensor(object?[] args, long offset)
    {
        if (args[0] is not TorchCheckpointStorageSlice slice || args[1] is not long storageOffset || storageOffset < 0
            || args[2] is not object?[] sizeTuple || args[3] is not object?[] strideTuple || sizeTuple.Length != strideTuple.Length)
        {
            throw Error("rebuilds a tensor from arguments that are not (storage, offset, size, stride)", offset);
        }

        long[] size = ToDims(sizeTuple, "size", offset);
        long[] stride = ToDims(strideTuple, "stride", offset);
        long count = 1;
        long lastIndex = storageOffset;
        try
        {
            for (int i = 0; i < size.Length; i++)
            {
                count = checked(count * size[i]);
                lastIndex = checked(lastIndex + (size[i] == 0 ? 0 : (size[i] - 1) * stride[i]));
            }
        }
        catch (OverflowException e)
        {
            throw new InvalidDataException($"A checkpoint tensor's size/stride overflows (pickle opcode at byte {offset}).", e);
        }

        // A view with more elements than its storage must overlap itself (an expanded tensor): refused, because
        // materializing it could need far more memory than the file holds.
        if (count > 0 && (lastIndex >= slice.Length || count > slice.Length))
        {
            throw Error(
                $"has a tensor of size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}] at offset {storageOffset} " +
                $"that does not fit storage '{slice.Root.Key}' ({slice.Length} elements) or overlaps itself", offset);
        }

        return new TorchCheckpointTensor(slice.Root, slice.Offset + storageOffset, size, stride, count);
    }

    private static long[] ToDims(object?[] tuple, string what, long offset)
    {
        var dims = new long[tuple.Length];
        for (int i = 0; i < tuple.Length; i++)
        {
            dims[i] = tuple[i] is long d && d >= 0 ? d : throw Error($"has a tensor {what} entry {PickleReader.Describe(tuple[i])}", offset);
        }

        return dims;
    }

    private static byte[] EncodeLatin1(string text, long offset)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] <= 0xFF ? (byte)text[i] : throw Error("encodes a non-Latin-1 string as bytes", offset);
        }

        return bytes;
    }

    private static InvalidDataException Error(string message, long offset) =>
        new($"The checkpoint pickle {message} (pickle opcode at byte {offset}).");

    private sealed record Global(string Module, string Name, Function Function, DataType StorageType)
    {
        public override string ToString() => $"{Module}.{Name}";
    }
}
