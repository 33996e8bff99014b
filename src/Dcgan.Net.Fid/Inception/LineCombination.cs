using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        if (Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            Combine<Lanes512, Vector512<float>>(ref x, sourceStride, rows, ref y, targetStride, length, activate, bias);
        }
        else
        {
            Combine<LanesOfVector, Vector<float>>(ref x, sourceStride, rows, ref y, targetStride, length, activate, bias);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Combine<TLanes, TVector>(ref float x, int sourceStride, int rows, ref float y, int targetStride, int length, bool activate, float bias)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct
    {
        ref int index = ref MemoryMarshal.GetArrayDataReference(_index);
        ref float coefficient = ref MemoryMarshal.GetArrayDataReference(_coefficient);
        TVector vb = TLanes.Broadcast(bias);
        int step = TLanes.Count;
        int last = length - step;
        for (int k = 0; k < rows; k++)
        {
            int first = _rowStart[k];
            int end = _rowStart[k + 1];
            ref float row = ref Unsafe.Add(ref y, k * targetStride);

            // Four vectors at a time, so that four independent chains of multiply-adds are in flight, then one at a
            // time, the last one ending at the line's end.
            int j = 0;
            for (; j + (4 * step) <= length; j += 4 * step)
            {
                nuint j0 = (nuint)j;
                nuint j1 = j0 + (nuint)step;
                nuint j2 = j1 + (nuint)step;
                nuint j3 = j2 + (nuint)step;
                TVector s0 = default, s1 = default, s2 = default, s3 = default;
                for (int n = first; n < end; n++)
                {
                    ref float line = ref Unsafe.Add(ref x, Unsafe.Add(ref index, n) * sourceStride);
                    TVector c = TLanes.Broadcast(Unsafe.Add(ref coefficient, n));
                    s0 = TLanes.MultiplyAdd(c, TLanes.Load(ref line, j0), s0);
                    s1 = TLanes.MultiplyAdd(c, TLanes.Load(ref line, j1), s1);
                    s2 = TLanes.MultiplyAdd(c, TLanes.Load(ref line, j2), s2);
                    s3 = TLanes.MultiplyAdd(c, TLanes.Load(ref line, j3), s3);
                }

                TLanes.Store(Finish<TLanes, TVector>(s0, activate, vb), ref row, j0);
                TLanes.Store(Finish<TLanes, TVector>(s1, activate, vb), ref row, j1);
                TLanes.Store(Finish<TLanes, TVector>(s2, activate, vb), ref row, j2);
                TLanes.Store(Finish<TLanes, TVector>(s3, activate, vb), ref row, j3);
            }

            for (; j < length; j += step)
            {
                nuint at = (nuint)Math.Min(j, last);
                TVector sum = default;
                for (int n = first; n < end; n++)
                {
                    ref float line = ref Unsafe.Add(ref x, Unsafe.Add(ref index, n) * sourceStride);
                    sum = TLanes.MultiplyAdd(TLanes.Broadcast(Unsafe.Add(ref coefficient, n)), TLanes.Load(ref line, at), sum);
                }

                TLanes.Store(Finish<TLanes, TVector>(sum, activate, vb), ref row, at);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Finish<TLanes, TVector>(TVector sum, bool activate, TVector bias)
        where TLanes : struct, ILanes<TVector>
        where TVector : struct => activate ? TLanes.Relu(TLanes.Add(sum, bias)) : sum;

    /// <summary>The vector operations of <see cref="Combine"/>, for one vector type.</summary>
    private interface ILanes<TVector>
        where TVector : struct
    {
        static abstract int Count { get; }

        static abstract TVector Broadcast(float value);

        static abstract TVector Load(ref float source, nuint offset);

        static abstract void Store(TVector value, ref float target, nuint offset);

        static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

        static abstract TVector Add(TVector a, TVector b);

        static abstract TVector Relu(TVector value);
    }

    /// <summary>512-bit vectors, where the hardware has them (Vector&lt;float&gt; stays 256 bits there by default).</summary>
    private readonly struct Lanes512 : ILanes<Vector512<float>>
    {
        public static int Count => Vector512<float>.Count;

        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

        public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

        public static void Store(Vector512<float> value, ref float target, nuint offset) => value.StoreUnsafe(ref target, offset);

        public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.FusedMultiplyAdd(a, b, addend);

        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

        public static Vector512<float> Relu(Vector512<float> value) => Vector512.Max(value, Vector512<float>.Zero);
    }

    /// <summary><see cref="Vector{T}"/>, whatever its width.</summary>
    private readonly struct LanesOfVector : ILanes<Vector<float>>
    {
        public static int Count => Vector<float>.Count;

        public static Vector<float> Broadcast(float value) => new(value);

        public static Vector<float> Load(ref float source, nuint offset) => Vector.LoadUnsafe(ref source, offset);

        public static void Store(Vector<float> value, ref float target, nuint offset) => value.StoreUnsafe(ref target, offset);

        public static Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> addend) => Vector.FusedMultiplyAdd(a, b, addend);

        public static Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;

        public static Vector<float> Relu(Vector<float> value) => Vector.Max(value, Vector<float>.Zero);
    }
}
