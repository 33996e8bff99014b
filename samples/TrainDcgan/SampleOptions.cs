using System.Globalization;
using Dcgan.Net.Models;
using Dcgan.Net.Training;

namespace TrainDcgan;

/// <summary>Command-line options of the sample, with the homework's defaults.</summary>
internal sealed class SampleOptions
{
    public int Latent { get; private set; } = 16;

    public int Hidden { get; private set; } = 16;

    public int Batch { get; private set; } = 64;

    public long Steps { get; private set; } = 5000;

    public GanLossKind Loss { get; private set; } = GanLossKind.NonSaturating;

    public NormalizationKind Norm { get; private set; } = NormalizationKind.Batch;

    public bool Relu { get; private set; }

    public float LeakySlope { get; private set; } = 0.2f;

    public string? Data { get; private set; }

    public string Runs { get; private set; } = "runs";

    public string Name { get; private set; } = "dcgan";

    public int LogEvery { get; private set; } = 50;

    public int SampleEvery { get; private set; } = 500;

    public int CheckpointEvery { get; private set; } = 500;

    public ulong Seed { get; private set; }

    public bool TestOnly { get; private set; }

    public int FidEvery { get; private set; }

    public int FidSamples { get; private set; } = 2000;

    public string? DomainClassifier { get; private set; }

    public const string Usage = """
        usage: TrainDcgan [options]
          --latent N            latent size (default 16)
          --hidden N            hidden size h (default 16)
          --batch N             batch size (default 64)
          --steps N             train until this step (default 5000)
          --loss NAME           nonsaturating | minimax | lsgan | wgan-gp | hinge (default nonsaturating)
          --norm NAME           batch | instance | none (default batch)
          --relu                ReLU instead of LeakyReLU in the discriminator
          --leaky-slope X       negative slope of the discriminator's LeakyReLU (default 0.2)
          --data DIR            folder with MNIST-format IDX files (default: Fashion-MNIST, see docs)
          --runs DIR            root of run folders (default runs)
          --name NAME           run name; files go to <runs>/<name>/ (default dcgan)
          --log-every N         log the five curves every N steps (default 50)
          --sample-every N      save a grid of G(fixed noise) every N steps (default 500)
          --checkpoint-every N  save a checkpoint every N steps (default 500)
          --seed N              seed of noise and data order (default 0)
          --test                load the latest checkpoint and evaluate only
          --fid-every N         log the domain FID (fid/domain) every N steps (default 0: only at the end)
          --fid-samples N       generated images per domain FID (default 2000)
          --domain-classifier F domain classifier weights (default: the shipped Fashion-MNIST classifier)
        """;

    public static SampleOptions Parse(string[] args)
    {
        var o = new SampleOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--latent": o.Latent = Int(); break;
                case "--hidden": o.Hidden = Int(); break;
                case "--batch": o.Batch = Int(); break;
                case "--steps": o.Steps = long.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--loss": o.Loss = ParseLoss(Next()); break;
                case "--norm": o.Norm = Enum.Parse<NormalizationKind>(Next(), ignoreCase: true); break;
                case "--relu": o.Relu = true; break;
                case "--leaky-slope":
                    o.LeakySlope = float.Parse(Next(), CultureInfo.InvariantCulture);
                    if (!(o.LeakySlope >= 0))
                    {
                        throw new ArgumentException($"--leaky-slope must be a number >= 0, got {o.LeakySlope}.");
                    }

                    break;
                case "--data": o.Data = Next(); break;
                case "--runs": o.Runs = Next(); break;
                case "--name": o.Name = Next(); break;
                case "--log-every": o.LogEvery = Int(); break;
                case "--sample-every": o.SampleEvery = Int(); break;
                case "--checkpoint-every": o.CheckpointEvery = Int(); break;
                case "--seed": o.Seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--test": o.TestOnly = true; break;
                case "--fid-every": o.FidEvery = Int(); break;
                case "--fid-samples": o.FidSamples = Int(); break;
                case "--domain-classifier": o.DomainClassifier = Next(); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return o;
    }

    private static GanLossKind ParseLoss(string name) => name.ToLowerInvariant() switch
    {
        "nonsaturating" or "bce" => GanLossKind.NonSaturating,
        "minimax" => GanLossKind.Minimax,
        "lsgan" or "leastsquares" => GanLossKind.LeastSquares,
        "wgan-gp" or "wgan" => GanLossKind.WassersteinGradientPenalty,
        "hinge" => GanLossKind.Hinge,
        _ => throw new ArgumentException($"Unknown loss '{name}'; use nonsaturating, minimax, lsgan, wgan-gp or hinge."),
    };
}
