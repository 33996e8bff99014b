namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// Reads PyTorch checkpoints written by <c>torch.save</c> (the zip format of torch 1.6 and later, and the legacy
/// pre-1.6 format) and writes state dicts that <c>torch.load</c> accepts, without Python.
/// </summary>
/// <remarks>
/// <para>Only data is read: the pickle may use <c>collections.OrderedDict</c>, the tensor rebuild functions, the
/// typed storage classes, <c>torch.Size</c> and <c>_codecs.encode</c>. Any other global (a pickled
/// <c>nn.Module</c>, NumPy objects, user classes) is refused with <see cref="InvalidDataException"/> naming it.</para>
/// <para>The tree returned by <see cref="Read(string)"/> uses: <see cref="OrderedDictionary{TKey, TValue}"/> with
/// <see cref="object"/> keys for dicts, <see cref="List{T}"/> of <see cref="object"/> for lists, <c>object?[]</c>
/// for tuples (and <c>torch.Size</c>), <see cref="RawArray"/> for tensors and parameters (contiguous copies of the
/// saved views; identical views share one instance, and tensors covering one whole storage share its bytes, as
/// they share memory in PyTorch), <see cref="long"/> or
/// <see cref="System.Numerics.BigInteger"/> for ints, <see cref="double"/>, <see cref="string"/>, <see cref="bool"/>,
/// <see cref="byte"/>[] for bytes and <see langword="null"/> for None.</para>
/// <para>Hostile input fails fast with <see cref="InvalidDataException"/>: strings and storages are bounded by the
/// input's length, the pickle stack and memo by fixed limits, nesting by <see cref="MaxNestingDepth"/>, and
/// tensors that would overlap themselves (expanded views) are refused.</para>
/// </remarks>
public static partial class TorchCheckpoint
{
    /// <summary>Reads a whole checkpoint as a tree of plain values (see the type remarks for the mapping).</summary>
    /// <param name="path">A <c>.pt</c>/<c>.pth</c> file written by <c>torch.save</c>.</param>
    /// <returns>The unpickled object: usually a dict.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or holds something other than data.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static object? Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream);
    }

    /// <summary>Reads a whole checkpoint from <paramref name="stream"/> (from its position to its end).</summary>
    /// <param name="stream">A readable stream; a non-seekable one is first copied to memory.</param>
    /// <returns>The unpickled object: usually a dict.</returns>
    /// <exception cref="InvalidDataException">The content is malformed or holds something other than data.</exception>
    public static object? Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Stream source = SafeTensorsFile.AsSeekable(stream, out bool copied);
        try
        {
            return ReadSeekable(source);
        }
        finally
        {
            if (copied)
            {
                source.Dispose();
            }
        }
    }

    /// <summary>Reads the state dict (name → tensor) of a checkpoint.</summary>
    /// <param name="path">A <c>.pt</c>/<c>.pth</c> file written by <c>torch.save</c>.</param>
    /// <param name="keyPath">Keys leading from the top-level dict to the state dict, e.g. <c>"state_dict"</c> or
    /// <c>"model"</c> for a training checkpoint; none (the default) when the file is the state dict itself.</param>
    /// <returns>The tensors in saved order; integer scalars such as <c>num_batches_tracked</c> are Int64 arrays of shape [].</returns>
    /// <exception cref="InvalidDataException">The file is malformed, a key of the path is missing, or the selected
    /// dict holds something other than tensors (the message lists what it found).</exception>
    public static OrderedDictionary<string, RawArray> ReadStateDict(string path, params string[] keyPath) =>
        SelectStateDict(Read(path), keyPath);

    /// <summary>Reads the state dict (name → tensor) of a checkpoint from <paramref name="stream"/>.</summary>
    /// <param name="stream">A readable stream; a non-seekable one is first copied to memory.</param>
    /// <param name="keyPath">Keys leading from the top-level dict to the state dict; none when the content is the state dict.</param>
    /// <returns>The tensors in saved order.</returns>
    /// <exception cref="InvalidDataException">The content is malformed, a key is missing, or the selected dict holds non-tensors.</exception>
    public static OrderedDictionary<string, RawArray> ReadStateDict(Stream stream, params string[] keyPath) =>
        SelectStateDict(Read(stream), keyPath);

    /// <summary>Picks a state dict out of a tree returned by <see cref="Read(string)"/>.</summary>
    /// <param name="checkpoint">The tree.</param>
    /// <param name="keyPath">Keys leading from the top-level dict to the state dict; none for the top level itself.</param>
    /// <returns>The tensors in saved order.</returns>
    /// <exception cref="InvalidDataException">A key is missing, or the selected value is not a dict of tensors.</exception>
    public static OrderedDictionary<string, RawArray> SelectStateDict(object? checkpoint, params string[] keyPath)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        object? node = checkpoint;
        string where = "the top level";
        for (int depth = 0; depth < keyPath.Length; depth++)
        {
            string key = keyPath[depth];
            if (node is not OrderedDictionary<object, object?> dict)
            {
                throw new InvalidDataException($"The checkpoint has a {PickleReader.Describe(node)} at {where}, not a dict containing '{key}'.");
            }

            if (!dict.TryGetValue(key, out node))
            {
                throw new InvalidDataException($"The checkpoint has no key '{key}' at {where}; its keys are: {KeyList(dict)}.");
            }

            where = $"[{string.Join("][", keyPath[..(depth + 1)].Select(k => $"'{k}'"))}]";
        }

        if (node is not OrderedDictionary<object, object?> stateDict)
        {
            throw new InvalidDataException($"The checkpoint has a {PickleReader.Describe(node)} at {where}, not a state dict.");
        }

        var result = new OrderedDictionary<string, RawArray>(stateDict.Count, StringComparer.Ordinal);
        foreach (var (key, value) in stateDict)
        {
            if (key is not string name || value is not RawArray array)
            {
                var nested = stateDict.Where(p => p.Value is OrderedDictionary<object, object?>).Select(p => $"'{p.Key}'").ToList();
                string hint = nested.Count > 0
                    ? $" It holds the nested dicts {string.Join(", ", nested)}: pass the key of the state dict in keyPath."
                    : string.Empty;
                throw new InvalidDataException(
                    $"The dict at {where} is not a state dict: its entry '{key}' is a {PickleReader.Describe(value)}, " +
                    $"not a tensor (keys: {KeyList(stateDict)}).{hint}");
            }

            result.Add(name, array);
        }

        return result;
    }

    private static string KeyList(OrderedDictionary<object, object?> dict)
    {
        const int shown = 20;
        string list = string.Join(", ", dict.Keys.Take(shown).Select(k => $"'{k}'"));
        return dict.Count > shown ? $"{list}, ... ({dict.Count} in all)" : list;
    }

    private static object? ReadSeekable(Stream stream)
    {
        long length = stream.Length - stream.Position;
        Span<byte> magic = stackalloc byte[4];
        int read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stream.Seek(-read, SeekOrigin.Current);
        if (read == 4 && magic.SequenceEqual("PK\x03\x04"u8))
        {
            return ReadZip(stream, length);
        }

        if (read >= 2 && magic[0] == PickleOpcodes.Proto)
        {
            return ReadLegacy(stream, length);
        }

        throw new InvalidDataException(
            "The content is not a PyTorch checkpoint: it starts neither with a zip header (torch 1.6 and later) nor with " +
            "a pickle (the legacy format); tar-based files from before torch 0.1.10 are not supported.");
    }
}
