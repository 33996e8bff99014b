using Dcgan.Net.Tensors;

namespace Dcgan.Net.Training;

/// <summary>
/// A pool of past generated images (as in SimGAN/CycleGAN): while it fills, fakes pass through and are stored;
/// once full, each fake is, with probability p, swapped for a random stored one (which it replaces).
/// </summary>
internal sealed class ReplayBuffer(int capacity, float probability)
{
    private readonly List<float[]> _images = [];

    public int Count => _images.Count;

    /// <summary>Returns the batch the discriminator sees, [N, C, H, W].</summary>
    public Tensor Mix(Tensor fakes, TensorGenerator rng)
    {
        int n = fakes.Size(0);
        int per = fakes.Count / n;
        var mixed = Tensor.Zeros(fakes.Shape.ToArray());
        var output = mixed.AsSpan();
        fakes.AsSpan().CopyTo(output);
        for (int i = 0; i < n; i++)
        {
            var current = output.Slice(i * per, per).ToArray();
            if (_images.Count < capacity)
            {
                _images.Add(current);
            }
            else if (rng.NextDouble() < probability)
            {
                int j = rng.NextInt(_images.Count);
                _images[j].CopyTo(output.Slice(i * per, per));
                _images[j] = current;
            }
        }

        return mixed;
    }
}
