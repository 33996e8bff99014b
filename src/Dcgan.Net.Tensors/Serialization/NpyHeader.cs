using System.Globalization;
using System.Text;

namespace Dcgan.Net.Tensors.Serialization;

/// <summary>
/// The Python-literal dictionary of a .npy header: <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>.
/// Parsing accepts any key order, either quote style, Python-2 <c>L</c> suffixes and trailing commas, and nothing
/// else: the keys must be exactly <c>descr</c>, <c>fortran_order</c> and <c>shape</c>, as numpy's reader demands.
/// </summary>
internal sealed class NpyHeader
{
    /// <summary>numpy's <c>GROWTH_AXIS_MAX_DIGITS</c>: spare spaces numpy 1.23+ leaves so the first axis can grow in place.</summary>
    private const int GrowthAxisMaxDigits = 21;

    public NpyHeader(string descr, bool fortranOrder, long[] shape)
    {
        Descr = descr;
        FortranOrder = fortranOrder;
        Shape = shape;
    }

    public string Descr { get; }

    public bool FortranOrder { get; }

    public long[] Shape { get; }

    /// <summary>The dictionary text exactly as numpy 1.24's <c>_write_array_header</c> writes it, before alignment padding.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append("{'descr': '").Append(Descr).Append("', 'fortran_order': ")
            .Append(FortranOrder ? "True" : "False").Append(", 'shape': ").Append(FormatShape()).Append(", }");
        if (Shape.Length > 0)
        {
            long growthAxis = FortranOrder ? Shape[^1] : Shape[0];
            text.Append(' ', GrowthAxisMaxDigits - growthAxis.ToString(CultureInfo.InvariantCulture).Length);
        }

        return text.ToString();
    }

    /// <summary>Parses the header text; <paramref name="offset"/> is where it starts in the file, for error messages.</summary>
    public static NpyHeader Parse(string text, long offset)
    {
        var reader = new LiteralReader(text, offset);
        string? descr = null;
        bool? fortranOrder = null;
        long[]? shape = null;

        reader.Expect('{');
        while (!reader.TryConsume('}'))
        {
            string key = reader.ReadString();
            reader.Expect(':');
            switch (key)
            {
                case "descr" when descr is null:
                    descr = reader.ReadString();
                    break;
                case "fortran_order" when fortranOrder is null:
                    fortranOrder = reader.ReadBool();
                    break;
                case "shape" when shape is null:
                    shape = reader.ReadIntTuple();
                    break;
                default:
                    throw reader.Error($"unexpected or repeated key '{key}' (a .npy header has exactly 'descr', 'fortran_order' and 'shape')");
            }

            if (!reader.TryConsume(','))
            {
                reader.Expect('}');
                break;
            }
        }

        reader.ExpectEnd();
        if (descr is null || fortranOrder is null || shape is null)
        {
            throw reader.Error("the header dictionary lacks one of the keys 'descr', 'fortran_order', 'shape'");
        }

        return new NpyHeader(descr, fortranOrder.Value, shape);
    }

    private string FormatShape() => Shape.Length switch
    {
        0 => "()",
        1 => string.Create(CultureInfo.InvariantCulture, $"({Shape[0]},)"),
        _ => "(" + string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    /// <summary>A cursor over the few Python literal forms a header may contain.</summary>
    private sealed class LiteralReader(string text, long baseOffset)
    {
        private int _position;

        public InvalidDataException Error(string what) =>
            new($"Malformed .npy header at byte {baseOffset + _position}: {what}. Header text: {Excerpt()}");

        public void Expect(char c)
        {
            if (!TryConsume(c))
            {
                throw Error($"expected '{c}'");
            }
        }

        public bool TryConsume(char c)
        {
            SkipSpace();
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_position != text.Length)
            {
                throw Error("unexpected text after the dictionary");
            }
        }

        public string ReadString()
        {
            SkipSpace();
            if (_position >= text.Length || (text[_position] != '\'' && text[_position] != '"'))
            {
                throw Error("expected a quoted string");
            }

            char quote = text[_position];
            int end = text.IndexOf(quote, _position + 1);
            if (end < 0)
            {
                throw Error("unterminated string");
            }

            string value = text.Substring(_position + 1, end - _position - 1);
            if (value.Contains('\\', StringComparison.Ordinal))
            {
                throw Error("escape sequences are not supported in header strings");
            }

            _position = end + 1;
            return value;
        }

        public bool ReadBool()
        {
            SkipSpace();
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
            {
                if (string.CompareOrdinal(text, _position, word, 0, word.Length) == 0)
                {
                    _position += word.Length;
                    return value;
                }
            }

            throw Error("expected True or False for 'fortran_order'");
        }

        public long[] ReadIntTuple()
        {
            Expect('(');
            var values = new List<long>();
            while (!TryConsume(')'))
            {
                values.Add(ReadNonNegativeInt());
                if (!TryConsume(','))
                {
                    Expect(')');
                    break;
                }
            }

            return [.. values];
        }

        private long ReadNonNegativeInt()
        {
            SkipSpace();
            int start = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }

            if (_position == start)
            {
                throw Error("expected a non-negative integer in 'shape'");
            }

            if (!long.TryParse(text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                throw Error("a dimension in 'shape' does not fit in 64 bits");
            }

            if (_position < text.Length && text[_position] is 'L' or 'l')
            {
                _position++;
            }

            return value;
        }

        private void SkipSpace()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
        }

        private string Excerpt() => text.Length <= 200 ? text : text[..200] + "...";
    }
}
