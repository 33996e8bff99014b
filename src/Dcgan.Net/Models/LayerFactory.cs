using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Nn;

namespace Dcgan.Net.Models;

/// <summary>Builds the repeated pieces of the DCGAN networks and applies the DCGAN initialisation.</summary>
internal static class LayerFactory
{
    public static Module? Norm(NormalizationKind kind, int channels) => kind switch
    {
        NormalizationKind.Batch => new BatchNorm2d(channels),
        NormalizationKind.Instance => new InstanceNorm2d(channels, affine: true),
        _ => null,
    };

    public static Module Activation(bool leaky, float slope) => leaky ? new LeakyReLU(slope) : new ReLU();

    /// <summary>Appends norm (when any) and activation.</summary>
    public static void NormAndActivation(Sequential net, NormalizationKind norm, int channels, bool leaky, float slope)
    {
        if (Norm(norm, channels) is { } n)
        {
            net.Append(n);
        }

        net.Append(Activation(leaky, slope));
    }

    /// <summary>
    /// DCGAN initialisation: convolution, transposed-convolution and linear weights ~ N(0, 0.02), biases 0;
    /// normalisation weights ~ N(1, 0.02), biases 0.
    /// </summary>
    public static void InitializeDcgan(Module root, TensorGenerator generator)
    {
        foreach (var module in Descendants(root))
        {
            switch (module)
            {
                case Conv2d c:
                    Init.Normal(c.Weight, 0f, 0.02f, generator);
                    ZeroBias(c.Bias);
                    break;
                case ConvTranspose2d t:
                    Init.Normal(t.Weight, 0f, 0.02f, generator);
                    ZeroBias(t.Bias);
                    break;
                case Linear l:
                    Init.Normal(l.Weight, 0f, 0.02f, generator);
                    ZeroBias(l.Bias);
                    break;
                case BatchNorm2d b when b.Weight is not null:
                    Init.Normal(b.Weight, 1f, 0.02f, generator);
                    ZeroBias(b.Bias);
                    break;
                case InstanceNorm2d i when i.Weight is not null:
                    Init.Normal(i.Weight, 1f, 0.02f, generator);
                    ZeroBias(i.Bias);
                    break;
            }
        }
    }

    private static void ZeroBias(Tensor? bias)
    {
        if (bias is not null)
        {
            Init.Zeros(bias);
        }
    }

    private static IEnumerable<Module> Descendants(Module root)
    {
        yield return root;
        foreach (var (_, child) in root.NamedChildren())
        {
            foreach (var m in Descendants(child))
            {
                yield return m;
            }
        }
    }
}
