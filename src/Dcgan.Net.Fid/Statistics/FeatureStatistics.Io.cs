using System.Buffers.Binary;
using Dcgan.Net.Tensors.Serialization;

namespace Dcgan.Net.Fid;

public sealed partial class FeatureStatistics
{
    /// <summary>
    /// Saves the statistics as pytorch-fid's <c>--save-stats</c> file: a compressed .npz with <c>mu</c> (float64, [d]) and
    /// <c>sigma</c> (float64, [d, d]), plus <c>n</c> (int64 scalar, the sample count) when it is known. pytorch-fid,
    /// clean-fid and numpy read only <c>mu</c> and <c>sigma</c>, so the extra member is harmless to them and lets
    /// <see cref="Load"/> restore mergeable statistics.
    /// </summary>
    /// <param name="path">Output file (conventionally <c>.npz</c>); replaced if it exists.</param>
    /// <exception cref="InvalidOperationException">Fewer than 2 feature vectors were added.</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        NpzFile.Write(path, NpzArrays(), compressed: true);
    }

    /// <summary>Saves as <see cref="Save"/> does into a file that must not exist yet, through a temporary sibling: an
    /// existing file is never replaced (<see cref="IOException"/>), and a failure leaves nothing under the name.</summary>
    internal void SaveAsNewFile(string path)
    {
        var arrays = NpzArrays();
        SafeTensorsFile.WriteAtomically(path, stream => NpzFile.Write(stream, arrays, compressed: true), overwrite: false);
    }

    /// <summary>
    /// Loads statistics saved by pytorch-fid (<c>--save-stats</c>), clean-fid or <see cref="Save"/>: a .npz with
    /// <c>mu</c> [d] and <c>sigma</c> [d, d] (any float type, converted to float64) and optionally <c>n</c>.
    /// Without <c>n</c>, <see cref="Count"/> is null and the statistics serve for distances only.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not an .npz, or <c>mu</c>/<c>sigma</c> are missing, have the
    /// wrong shapes, or hold non-finite values.</exception>
    public static FeatureStatistics Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var arrays = NpzFile.Read(path);
        var mu = Member(arrays, "mu", path);
        var sigma = Member(arrays, "sigma", path);
        if (mu.Shape.Length != 1 || mu.Shape[0] is < 1 or > MaxDimensions)
        {
            throw new InvalidDataException($"'{path}': 'mu' has shape ({string.Join(", ", mu.Shape)}); expected (d,) with 1 <= d <= {MaxDimensions}.");
        }

        long d = mu.Shape[0];
        if (sigma.Shape.Length != 2 || sigma.Shape[0] != d || sigma.Shape[1] != d)
        {
            throw new InvalidDataException($"'{path}': 'sigma' has shape ({string.Join(", ", sigma.Shape)}); 'mu' has {d} values, so expected ({d}, {d}).");
        }

        long? count = null;
        if (arrays.TryGetValue("n", out var n))
        {
            if (n.ElementCount != 1 || n.DataType is not (DataType.Int64 or DataType.Int32))
            {
                throw new InvalidDataException($"'{path}': 'n' must be one integer, got {n.DataType} of shape ({string.Join(", ", n.Shape)}).");
            }

            count = n.DataType == DataType.Int64
                ? BinaryPrimitives.ReadInt64LittleEndian(n.Data)
                : BinaryPrimitives.ReadInt32LittleEndian(n.Data);
        }

        try
        {
            return FromMoments(mu.ToDoubleArray(), sigma.ToDoubleArray(), count);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' holds invalid statistics: {e.Message}", e);
        }
    }

    private static RawArray Member(IReadOnlyDictionary<string, RawArray> arrays, string name, string path)
    {
        if (!arrays.TryGetValue(name, out var array))
        {
            throw new InvalidDataException(
                $"'{path}' has no '{name}' array (members: {string.Join(", ", arrays.Keys)}); FID statistics need 'mu' and 'sigma'.");
        }

        if (array.DataType is not (DataType.Float64 or DataType.Float32 or DataType.Float16))
        {
            throw new InvalidDataException($"'{path}': '{name}' holds {array.DataType} values; expected floating point.");
        }

        return array;
    }

    private List<KeyValuePair<string, RawArray>> NpzArrays()
    {
        int d = Dimensions;
        var arrays = new List<KeyValuePair<string, RawArray>>
        {
            new("mu", RawArray.FromDoubles(GetMean(), d)),
            new("sigma", RawArray.FromDoubles(GetCovariance(), d, d)),
        };
        if (Count is long n)
        {
            var bytes = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, n);
            arrays.Add(new("n", new RawArray(DataType.Int64, [], bytes)));
        }

        return arrays;
    }
}
