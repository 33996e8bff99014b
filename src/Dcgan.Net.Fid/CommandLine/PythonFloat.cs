using System.Globalization;
using System.Text;

namespace Dcgan.Net.Fid.CommandLine;

/// <summary>
/// Doubles written as Python's <c>str(float)</c> (and numpy's <c>str(float64)</c>) writes them, so that the command line
/// prints pytorch-fid's <c>print("FID: ", value)</c> character for character: the shortest digits that read back to the
/// same double, fixed notation from 1e-4 up to 1e16 (with ".0" on whole numbers), scientific outside it ("1e-05",
/// "1.2e+16"), and "nan", "inf", "-inf".
/// </summary>
internal static class PythonFloat
{
    // Python's repr switches to scientific notation when the decimal point would sit more than 16 digits right of the
    // first digit or 4 or more places left of it (float_repr_style 'short', mode 'r').
    private const int LargestFixedPoint = 16;
    private const int SmallestFixedPoint = -3;

    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // .NET's round-trip format gives the same shortest digits as Python; only the layout differs.
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = text.StartsWith('-');
        int e = text.IndexOf('E', StringComparison.Ordinal);
        string mantissa = e < 0 ? text : text[..e];
        int exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        mantissa = mantissa.TrimStart('-');
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = mantissa.Replace(".", string.Empty, StringComparison.Ordinal);

        // value = 0.digits × 10^point
        int point = (dot < 0 ? mantissa.Length : dot) + exponent;
        string significant = digits.TrimStart('0');
        point -= digits.Length - significant.Length;
        significant = significant.TrimEnd('0');
        var result = new StringBuilder(negative ? "-" : string.Empty);
        if (significant.Length == 0)
        {
            return result.Append("0.0").ToString();
        }

        if (point > LargestFixedPoint || point < SmallestFixedPoint)
        {
            result.Append(significant[0]);
            if (significant.Length > 1)
            {
                result.Append('.').Append(significant, 1, significant.Length - 1);
            }

            int shown = point - 1;
            return result.Append(shown < 0 ? "e-" : "e+").Append(Math.Abs(shown).ToString("00", CultureInfo.InvariantCulture)).ToString();
        }

        if (point <= 0)
        {
            return result.Append("0.").Append('0', -point).Append(significant).ToString();
        }

        if (point >= significant.Length)
        {
            return result.Append(significant).Append('0', point - significant.Length).Append(".0").ToString();
        }

        return result.Append(significant, 0, point).Append('.').Append(significant, point, significant.Length - point).ToString();
    }
}
