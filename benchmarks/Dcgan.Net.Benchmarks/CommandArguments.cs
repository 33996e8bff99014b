using System.Globalization;

namespace Dcgan.Net.Benchmarks;

/// <summary>`--name value` pairs of a plain benchmark command.</summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses `--name value` pairs; a flag without value is stored as "true".</summary>
    public static CommandArguments Parse(string[] args)
    {
        var result = new CommandArguments();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option starting with --, got '{args[i]}'.");
            }

            string name = args[i][2..];
            bool hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            result._values[name] = hasValue ? args[++i] : "true";
        }

        return result;
    }

    /// <summary>Integer option or its default.</summary>
    public int Int(string name, int defaultValue) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : defaultValue;

    /// <summary>Floating-point option or its default.</summary>
    public double Double(string name, double defaultValue) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : defaultValue;

    /// <summary>String option or its default.</summary>
    public string String(string name, string defaultValue) => _values.GetValueOrDefault(name, defaultValue);

    /// <summary>True when the flag was given (or given the value "true").</summary>
    public bool Flag(string name) => _values.TryGetValue(name, out var v) && v == "true";
}
