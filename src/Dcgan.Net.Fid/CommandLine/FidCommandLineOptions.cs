using System.Globalization;
using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Fid.CommandLine;

/// <summary>
/// The arguments of <see cref="FidCommandLine"/>: pytorch-fid's (<c>path path</c>, <c>--batch-size</c>, <c>--num-workers</c>,
/// <c>--device</c>, <c>--dims</c>, <c>--save-stats</c>) with its defaults, and this library's additions. Options take
/// <c>--name value</c> or <c>--name=value</c>; <c>--</c> ends the options (for paths that start with '-').
/// </summary>
internal sealed class FidCommandLineOptions
{
    /// <summary>The paths: two sides to compare, or with <see cref="SaveStatistics"/> the input and the output file.</summary>
    public IReadOnlyList<string> Paths { get; private set; } = [];

    public int BatchSize { get; private set; } = 50;

    public int Dimensions { get; private set; } = InceptionV3.DefaultDimensions;

    /// <summary>pytorch-fid's DataLoader worker count; accepted and ignored (decoding and the network use every core).</summary>
    public int? NumWorkers { get; private set; }

    public bool SaveStatistics { get; private set; }

    public string? Weights { get; private set; }

    public bool Download { get; private set; }

    /// <summary>Default <see cref="FrechetMethod.PytorchFid"/>: the number pytorch-fid prints, including its ε retry and
    /// its error on complex roots, also for singular covariances (N ≤ d), where the symmetric method differs by ~1e-8.</summary>
    public FrechetMethod Method { get; private set; } = FrechetMethod.PytorchFid;

    public bool Recursive { get; private set; }

    public bool Kid { get; private set; }

    public int KidSubsets { get; private set; } = new KidOptions().SubsetCount;

    public int KidSubsetSize { get; private set; } = new KidOptions().SubsetSize;

    public bool Help { get; private set; }

    /// <summary>Reads the arguments; <see cref="Help"/> is set (and nothing else checked) when -h or --help is among them.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value or has a bad one, or there are not two paths.</exception>
    public static FidCommandLineOptions Parse(IReadOnlyList<string> args)
    {
        var o = new FidCommandLineOptions();
        var paths = new List<string>();
        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (optionsEnded || !arg.StartsWith('-') || arg == "-")
            {
                paths.Add(arg);
                continue;
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? arg : arg[..equals];
            string? inline = equals < 0 ? null : arg[(equals + 1)..];
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value."));
            int Int(int min) => ParseInt(name, Value(), min);
            switch (name)
            {
                case "--": optionsEnded = true; break;
                case "-h" or "--help": o.Help = true; break;
                case "--batch-size": o.BatchSize = Int(1); break;
                case "--num-workers": o.NumWorkers = Int(0); break;
                case "--device": CheckDevice(Value()); break;
                case "--dims": o.Dimensions = ParseDimensions(Value()); break;
                case "--save-stats": o.SaveStatistics = Flag(name, inline); break;
                case "--weights": o.Weights = Value(); break;
                case "--download": o.Download = Flag(name, inline); break;
                case "--method": o.Method = ParseMethod(Value()); break;
                case "--recursive": o.Recursive = Flag(name, inline); break;
                case "--kid": o.Kid = Flag(name, inline); break;
                case "--kid-subsets": o.KidSubsets = Int(1); break;
                case "--kid-subset-size": o.KidSubsetSize = Int(2); break;
                default: throw new ArgumentException($"Unknown option '{arg}'.");
            }
        }

        o.Paths = paths;
        if (o.Help)
        {
            return o;
        }

        if (paths.Count != 2)
        {
            throw new ArgumentException(o.SaveStatistics
                ? $"--save-stats needs two paths (the images and the .npz to write), got {paths.Count}."
                : $"Two paths are needed (path1 path2), got {paths.Count}{(paths.Count > 0 ? ": " + string.Join(" ", paths) : "")}.");
        }

        if (o.Download && o.Weights is not null)
        {
            throw new ArgumentException("--download fetches the weights into the cache folder; it cannot be combined with --weights.");
        }

        if (o.Kid && o.SaveStatistics)
        {
            throw new ArgumentException("--kid compares two image sets; it cannot be combined with --save-stats.");
        }

        return o;
    }

    private static bool Flag(string name, string? inline) =>
        inline is null ? true : throw new ArgumentException($"{name} is a flag and takes no value (got '{inline}').");

    private static int ParseInt(string name, string text, int min)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            throw new ArgumentException($"{name} takes an integer, got '{text}'.");
        }

        return value >= min ? value : throw new ArgumentException($"{name} must be at least {min}, got {value}.");
    }

    private static int ParseDimensions(string text)
    {
        var levels = InceptionV3.SupportedDimensions;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int dims) && levels.Contains(dims)
            ? dims
            : throw new ArgumentException($"--dims must be one of {string.Join(", ", levels)}, got '{text}'.");
    }

    private static void CheckDevice(string device)
    {
        if (device != "cpu")
        {
            throw new ArgumentException(
                $"--device {device}: this implementation runs on the CPU only; pass --device cpu or leave the option out.");
        }
    }

    private static FrechetMethod ParseMethod(string text) => text switch
    {
        "pytorch-fid" => FrechetMethod.PytorchFid,
        "symmetric" => FrechetMethod.Symmetric,
        _ => throw new ArgumentException($"--method must be pytorch-fid or symmetric, got '{text}'."),
    };
}
