using Dcgan.Net.Tensors;
using Dcgan.Net.Tensors.Serialization;

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

    /// <summary>The stored images in slot order, [Count, C, H, W], for checkpoints; null when empty.</summary>
    public RawArray? Export((int Channels, int Height, int Width) shape)
    {
        if (_images.Count == 0)
        {
            return null;
        }

        int per = _images[0].Length;
        var all = new float[_images.Count * per];
        for (int i = 0; i < _images.Count; i++)
        {
            _images[i].CopyTo(all, i * per);
        }

        return RawArray.FromSingles(all, _images.Count, shape.Channels, shape.Height, shape.Width);
    }

    /// <summary>Checks <paramref name="state"/> (from <see cref="Export"/>, or null for empty) and splits it into images, changing nothing.</summary>
    /// <exception cref="ArgumentException">The state holds more images than the capacity or images of another shape.</exception>
    public List<float[]> Read(RawArray? state, (int Channels, int Height, int Width) shape)
    {
        var images = new List<float[]>();
        if (state is null)
        {
            return images;
        }

        if (state.Shape.Length != 4 || state.Shape[0] > capacity || state.Shape[1] != shape.Channels || state.Shape[2] != shape.Height || state.Shape[3] != shape.Width)
        {
            throw new ArgumentException(
                $"Replay buffer state: expected [k <= {capacity}, {shape.Channels}, {shape.Height}, {shape.Width}], got [{string.Join(", ", state.Shape)}].");
        }

        float[] all = state.ToSingleArray();
        int per = shape.Channels * shape.Height * shape.Width;
        for (int i = 0; i < state.Shape[0]; i++)
        {
            images.Add(all.AsSpan(i * per, per).ToArray());
        }

        return images;
    }

    /// <summary>Replaces the contents with images returned by <see cref="Read"/>.</summary>
    public void Restore(List<float[]> images)
    {
        _images.Clear();
        _images.AddRange(images);
    }
}
