namespace Dcgan.Net.Tensors;

/// <summary>Shape arithmetic shared by the operations.</summary>
internal static class ShapeUtil
{
    public static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
            }

            n *= d;
            if (n > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(shape)} has more elements than an array can hold.");
            }
        }

        return (int)n;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static int NormalizeDim(int dim, int rank)
    {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"Dimension out of range for a tensor of rank {rank}.");
        }

        return d;
    }

    public static int Offset(int[] shape, int[] index)
    {
        if (index.Length != shape.Length)
        {
            throw new ArgumentException($"Index of rank {index.Length} for a tensor of shape {Format(shape)}.");
        }

        int offset = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if ((uint)index[i] >= (uint)shape[i])
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"Index {Format(index)} is outside shape {Format(shape)}.");
            }

            offset = (offset * shape[i]) + index[i];
        }

        return offset;
    }

    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>NumPy/PyTorch broadcasting of two shapes.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db}).");
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>Throws the standard shape-mismatch error.</summary>
    public static void Expect(ReadOnlySpan<int> actual, ReadOnlySpan<int> expected, string what)
    {
        if (!actual.SequenceEqual(expected))
        {
            throw new ArgumentException($"{what}: expected shape {Format(expected)}, got {Format(actual)}.");
        }
    }

    public static void ExpectRank(Tensor t, int rank, string what)
    {
        if (t.Rank != rank)
        {
            throw new ArgumentException($"{what}: expected a tensor of rank {rank}, got shape {Format(t.Shape)}.");
        }
    }
}
