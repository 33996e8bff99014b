using Dcgan.Net.Models;
using Dcgan.Net.Tensors;

namespace Dcgan.Net.Training;

/// <summary>Gradient penalties: WGAN-GP on interpolates and R1 on real images. Both need second derivatives.</summary>
internal static class Regularizers
{
    /// <summary>
    /// lambda * mean((||grad D(x_hat)||_2 - 1)^2) with x_hat = eps x + (1 - eps) G(z); the trainer draws
    /// eps [N, 1, 1, 1] ~ U[0, 1] per sample.
    /// </summary>
    public static Tensor GradientPenalty(DiscriminatorModule d, Tensor real, Tensor fake, Tensor eps, float weight)
    {
        int n = real.Size(0);
        var mixed = real.Mul(eps).Add(fake.Mul(eps.Neg().AddScalar(1f))).Detach();
        mixed.RequiresGrad = true;
        var scores = d.ForwardLogits(mixed);
        var grad = Tensor.ComputeGradients([scores.Sum()], [mixed], createGraph: true)[0];
        var norms = grad.Reshape(n, -1).Pow(2f).Sum([1]).AddScalar(1e-12f).Sqrt();
        return norms.AddScalar(-1f).Pow(2f).Mean().MulScalar(weight);
    }

    /// <summary>
    /// (gamma / 2) * mean over the batch of ||grad D(x)||², for real images <paramref name="real"/> (a leaf that
    /// requires grad) and the discriminator's logits <paramref name="logits"/> computed from them.
    /// </summary>
    public static Tensor R1(Tensor logits, Tensor real, float gamma)
    {
        int n = real.Size(0);
        var grad = Tensor.ComputeGradients([logits.Sum()], [real], createGraph: true)[0];
        return grad.Reshape(n, -1).Pow(2f).Sum([1]).Mean().MulScalar(gamma / 2f);
    }

    /// <summary>Adds N(0, std²) noise to a batch (returns the batch itself when std is 0).</summary>
    public static Tensor InstanceNoise(Tensor images, float std, TensorGenerator rng)
    {
        if (std <= 0f)
        {
            return images;
        }

        var noise = Tensor.Randn(rng, images.Shape.ToArray()).MulScalar(std);
        return images.Add(noise);
    }
}
