namespace DomainMetrics;

/// <summary>
/// Domain metrics for MNIST-like GANs: trains the domain classifier (the command that produced the weights shipped in
/// Dcgan.Net.Fid), and computes the domain FID and mode-collapse histogram of a saved generator, or the FID floor of
/// real test images against the training images.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: DomainMetrics <command> [options]

        train-classifier   train a domain classifier on a labelled MNIST-format training split
          --data DIR         folder with train-*-idx files (default: Fashion-MNIST, see docs/domain-metrics.md)
          --names NAME       class names saved with the weights: fashion-mnist | digits (default fashion-mnist)
          --epochs N         passes over the data (default 5)     --batch N    batch size (default 64)
          --lr X             Adam's peak learning rate (default 0.002, cosine decay)
          --width N          first-layer channels (default 16)    --features N feature dimensions (default 128)
          --seed N           seed of weights and shuffling (default 0)
          --out FILE         where to save the weights (default domain-classifier.safetensors)

        generator-fid      domain FID and mode-collapse histogram of a DCGAN generator
          --generator FILE   state dict, .safetensors or .pt (keys net.0.weight, ...; a Dcgan.Net checkpoint's G. keys work too)
          --key NAME         for a .pt file holding a dictionary: the entry with the generator (e.g. g in quality_torch_dcgan.py's state.pt)
          --latent N         latent size (default 16)             --hidden N   hidden size (default 16)
          --samples N        generated images (default 10000)     --reference N  real training images (default 10000)

        floor              domain FID of the real test split against the real training split

        common options:
          --data DIR         real data (default: Fashion-MNIST, see docs/domain-metrics.md)
          --classifier FILE  domain classifier weights (default: the shipped Fashion-MNIST classifier)
          --seed N           seed of noise and subsets (default 0)
        """;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = new Arguments(args.Skip(1));
            return args[0] switch
            {
                "train-classifier" => TrainClassifierCommand.Run(options),
                "generator-fid" => FidCommands.GeneratorFid(options),
                "floor" => FidCommands.Floor(options),
                _ => throw new ArgumentException($"Unknown command '{args[0]}'."),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
