using System.Globalization;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Tensors;

/// <summary>Comparisons against reference tensors, in the sense of <c>torch.allclose</c>: |a - e| &lt;= atol + rtol |e|.</summary>
internal static class TensorAssert
{
    /// <summary>The tolerance the issue asks for: rtol 1e-4, atol 1e-5.</summary>
    public static readonly Tolerance Default = new(1e-4, 1e-5);

    public static void Close(Tensor expected, Tensor actual, Tolerance tolerance, string what)
    {
        if (!expected.Shape.SequenceEqual(actual.Shape))
        {
            Assert.Fail($"{what}: expected shape [{string.Join(", ", expected.Shape.ToArray())}], got [{string.Join(", ", actual.Shape.ToArray())}].");
        }

        Close(expected.ToArray(), actual.ToArray(), tolerance, what);
    }

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, Tolerance tolerance, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}.");
        int bad = 0, worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (a == e || (double.IsNaN(a) && double.IsNaN(e)))
            {
                continue;
            }

            // NaN against a number, or infinities that differ, give a NaN or infinite excess: both count as bad.
            double excess = Math.Abs(a - e) - (tolerance.Atol + (tolerance.Rtol * Math.Abs(e)));
            if (!(excess <= 0))
            {
                bad++;
                if (worst < 0 || excess > worstExcess)
                {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }

        if (bad > 0)
        {
            Assert.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{what}: {bad} of {expected.Length} values differ beyond rtol {tolerance.Rtol:G3} / atol {tolerance.Atol:G3}; worst at flat index {worst}: expected {expected[worst]:G9}, got {actual[worst]:G9}."));
        }
    }

    public static void BitEqual(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape), $"{what}: shapes differ.");
        var e = expected.ToArray();
        var a = actual.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i]))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}: element {i} differs: {e[i]:G9} vs {a[i]:G9}."));
            }
        }
    }
}

/// <summary>Relative and absolute tolerance.</summary>
internal readonly record struct Tolerance(double Rtol, double Atol);
