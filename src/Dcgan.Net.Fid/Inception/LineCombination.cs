using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dcgan.Net.Fid.Inception;

/// <summary>
/// A small transform matrix T kept as its nonzero entries row by row, and its application to whole lines, the
/// <see cref="LineWinogradConv"/> transforms: <c>target_k[j] = Σ_i T[k, i] source_i[j]</c>. Each value is
/// <c>fma(c_n, x_n, ... fma(c_0, x_0, 0))</c> over the row's nonzero entries in order. Lines are walked in whole
/// vectors, the last one ending at the line's end (it overlaps the one before when the length is not a multiple
/// of the vector width, and recomputes those values to the same bits), so every value gets the same arithmetic
/// whatever the vector width.
/// </summary>
internal sealed class LineCombination
{
    private readonly int[] _rowStart;
    private readonly int[] _index;
    private readonly float[] _coefficient;

    /// <summary>The nonzero entries of <paramref name="matrix"/>, [<paramref name="rows"/>, matrix.Length / rows] row-major.</summary>
    public LineCombination(ReadOnlySpan<float> matrix, int rows)
    {
        Rows = rows;
        Inputs = matrix.Length / rows;
        _rowStart = new int[rows + 1];
        var index = new List<int>();
        var coefficient = new List<float>();
        for (int k = 0; k < rows; k++)
        {
            for (int i = 0; i < Inputs; i++)
            {
                if (matrix[(k * Inputs) + i] != 0)
                {
                    index.Add(i);
                    coefficient.Add(matrix[(k * Inputs) + i]);
                }
            }

            _rowStart[k + 1] = index.Count;
        }

        _index = [.. index];
        _coefficient = [.. coefficient];
    }

    /// <summary>Rows of the matrix: the lines it writes.</summary>
    public int Rows { get; }

    /// <summary>Columns of the matrix: the lines it reads.</summary>
    public int Inputs { get; }

    /// <summary>
    /// <c>target[k * targetStride + j] = Σ_i T[k, i] source[i * sourceStride + j]</c> for the first
    /// <paramref name="rows"/> rows k and j below <paramref name="length"/> (at least <see cref="Vector{T}.Count"/>);
    /// <c>relu(value + bias)</c> when <paramref name="activate"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(
        ReadOnlySpan<float> source, int sourceStride, int rows, Span<float> target, int targetStride, int length, bool activate = false, float bias = 0)
    {
        if (rows > Rows || length < Vector<float>.Count || source.Length < ((Inputs - 1) * (long)sourceStride) + length
            || target.Length < ((rows - 1) * (long)targetStride) + length)
        {
            throw new ArgumentException($"{rows} rows of a {Rows} x {Inputs} combination of lines of {length} values do not fit their buffers.", nameof(source));
        }

        ref float x = ref MemoryMarshal.GetReference(source);
        ref float y = ref MemoryMarshal.GetReference(target);
        ref int index = ref MemoryMarshal.GetArrayDataReference(_index);
        ref float coefficient = ref MemoryMarshal.GetArrayDataReference(_coefficient);
        var vb = new Vector<float>(bias);
        int step = Vector<float>.Count;
        int last = length - step;
        for (int k = 0; k < rows; k++)
        {
            int first = _rowStart[k];
            int end = _rowStart[k + 1];
            ref float row = ref Unsafe.Add(ref y, k * targetStride);

            // Four vectors at a time, so that four independent chains of multiply-adds are in flight; the
            // positions are clamped to the last vector, which a short last group then computes more than once.
            for (int j = 0; j < length; j += 4 * step)
            {
                nuint j0 = (nuint)Math.Min(j, last);
                nuint j1 = (nuint)Math.Min(j + step, last);
                nuint j2 = (nuint)Math.Min(j + (2 * step), last);
                nuint j3 = (nuint)Math.Min(j + (3 * step), last);
                Vector<float> s0 = Vector<float>.Zero, s1 = Vector<float>.Zero, s2 = Vector<float>.Zero, s3 = Vector<float>.Zero;
                for (int n = first; n < end; n++)
                {
                    ref float line = ref Unsafe.Add(ref x, Unsafe.Add(ref index, n) * sourceStride);
                    var c = new Vector<float>(Unsafe.Add(ref coefficient, n));
                    s0 = Vector.FusedMultiplyAdd(c, Vector.LoadUnsafe(ref line, j0), s0);
                    s1 = Vector.FusedMultiplyAdd(c, Vector.LoadUnsafe(ref line, j1), s1);
                    s2 = Vector.FusedMultiplyAdd(c, Vector.LoadUnsafe(ref line, j2), s2);
                    s3 = Vector.FusedMultiplyAdd(c, Vector.LoadUnsafe(ref line, j3), s3);
                }

                if (activate)
                {
                    s0 = Vector.Max(s0 + vb, Vector<float>.Zero);
                    s1 = Vector.Max(s1 + vb, Vector<float>.Zero);
                    s2 = Vector.Max(s2 + vb, Vector<float>.Zero);
                    s3 = Vector.Max(s3 + vb, Vector<float>.Zero);
                }

                s0.StoreUnsafe(ref row, j0);
                s1.StoreUnsafe(ref row, j1);
                s2.StoreUnsafe(ref row, j2);
                s3.StoreUnsafe(ref row, j3);
            }
        }
    }
}
