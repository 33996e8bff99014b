using System.Numerics.Tensors;

namespace Dcgan.Net.Tensors.Ops;

/// <summary>The four arithmetic operations that broadcast.</summary>
internal enum BinaryKind
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// <summary>
/// Broadcasting element-wise arithmetic over contiguous storage. Dimensions are padded on the left to a
/// common rank, broadcast dimensions get stride 0, adjacent dimensions that stay contiguous in both operands
/// are merged, and the innermost run is handed to a SIMD span routine.
/// </summary>
internal static class Broadcasting
{
    public static float[] Apply(BinaryKind kind, Tensor a, Tensor b, int[] outShape)
    {
        var result = TensorArena.Allocate(ShapeUtil.Count(outShape));

        // Equal operand shapes are only the plain element-wise case when they are also the output shape
        // (Expand broadcasts a [1] tensor against a [1] zero to a larger shape).
        if (ShapeUtil.SameShape(a.Shape, b.Shape) && a.Count == result.Length)
        {
            Row(kind, a.Data, 1, b.Data, 1, result, result.Length);
            return result;
        }

        Coalesce(outShape, a.ShapeArray, b.ShapeArray, out int[] sizes, out int[] sa, out int[] sb);
        int rank = sizes.Length;
        int inner = sizes[rank - 1];
        int innerA = sa[rank - 1];
        int innerB = sb[rank - 1];
        int rows = result.Length / Math.Max(1, inner);
        var index = new int[rank];
        int offA = 0, offB = 0;
        ReadOnlySpan<float> da = a.Data, db = b.Data;
        for (int r = 0; r < rows; r++)
        {
            Row(kind, da[offA..], innerA, db[offB..], innerB, result.AsSpan(r * inner, inner), inner);
            for (int d = rank - 2; d >= 0; d--)
            {
                index[d]++;
                offA += sa[d];
                offB += sb[d];
                if (index[d] < sizes[d])
                {
                    break;
                }

                offA -= sa[d] * sizes[d];
                offB -= sb[d] * sizes[d];
                index[d] = 0;
            }
        }

        return result;
    }

    private static void Row(BinaryKind kind, ReadOnlySpan<float> a, int strideA, ReadOnlySpan<float> b, int strideB, Span<float> y, int n)
    {
        if (strideA == 1 && strideB == 1)
        {
            a = a[..n];
            b = b[..n];
            switch (kind)
            {
                case BinaryKind.Add: TensorPrimitives.Add(a, b, y); break;
                case BinaryKind.Subtract: TensorPrimitives.Subtract(a, b, y); break;
                case BinaryKind.Multiply: TensorPrimitives.Multiply(a, b, y); break;
                default: TensorPrimitives.Divide(a, b, y); break;
            }
        }
        else if (strideA == 1)
        {
            a = a[..n];
            float s = b[0];
            switch (kind)
            {
                case BinaryKind.Add: TensorPrimitives.Add(a, s, y); break;
                case BinaryKind.Subtract: TensorPrimitives.Subtract(a, s, y); break;
                case BinaryKind.Multiply: TensorPrimitives.Multiply(a, s, y); break;
                default: TensorPrimitives.Divide(a, s, y); break;
            }
        }
        else if (strideB == 1)
        {
            b = b[..n];
            float s = a[0];
            switch (kind)
            {
                case BinaryKind.Add: TensorPrimitives.Add(b, s, y); break;
                case BinaryKind.Subtract: TensorPrimitives.Subtract(s, b, y); break;
                case BinaryKind.Multiply: TensorPrimitives.Multiply(b, s, y); break;
                default: TensorPrimitives.Divide(s, b, y); break;
            }
        }
        else
        {
            y[..n].Fill(Scalar(kind, a[0], b[0]));
        }
    }

    private static float Scalar(BinaryKind kind, float x, float y) => kind switch
    {
        BinaryKind.Add => x + y,
        BinaryKind.Subtract => x - y,
        BinaryKind.Multiply => x * y,
        _ => x / y,
    };

    /// <summary>Left-pads both shapes to the output rank with broadcast strides, then merges mergeable dimensions.</summary>
    internal static void Coalesce(int[] outShape, int[] shapeA, int[] shapeB, out int[] sizes, out int[] stridesA, out int[] stridesB)
    {
        int rank = Math.Max(1, outShape.Length);
        var fullA = PaddedStrides(shapeA, outShape);
        var fullB = PaddedStrides(shapeB, outShape);
        var sz = new List<int>(rank);
        var la = new List<int>(rank);
        var lb = new List<int>(rank);
        for (int d = 0; d < outShape.Length; d++)
        {
            int n = outShape[d];
            if (n == 1)
            {
                continue;
            }

            int k = sz.Count - 1;
            if (k >= 0 && la[k] == fullA[d] * n && lb[k] == fullB[d] * n)
            {
                sz[k] *= n;
                la[k] = fullA[d];
                lb[k] = fullB[d];
            }
            else
            {
                sz.Add(n);
                la.Add(fullA[d]);
                lb.Add(fullB[d]);
            }
        }

        if (sz.Count == 0)
        {
            sz.Add(1);
            la.Add(0);
            lb.Add(0);
        }

        sizes = [.. sz];
        stridesA = [.. la];
        stridesB = [.. lb];
    }

    private static int[] PaddedStrides(int[] shape, int[] outShape)
    {
        var strides = new int[outShape.Length];
        int pad = outShape.Length - shape.Length;
        int s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d + pad] = shape[d] == 1 ? 0 : s;
            s *= shape[d];
        }

        return strides;
    }
}
