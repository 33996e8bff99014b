using Dcgan.Net.Tensors;
using Dcgan.Net.Training;

namespace Dcgan.Net.Tests.Training;

public class ReplayBufferTests
{
    private static readonly (int, int, int) s_shape = (1, 2, 2);

    /// <summary>Batch of n images whose four pixels all hold first + i.</summary>
    private static Tensor Batch(int n, float first) =>
        Tensor.FromArray(Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat(first + i, 4)).ToArray(), n, 1, 2, 2);

    private static float[] FirstPixels(Tensor batch) => Enumerable.Range(0, batch.Size(0)).Select(i => batch.ToArray()[i * 4]).ToArray();

    [Fact]
    public void Fakes_pass_through_while_the_buffer_fills()
    {
        var buffer = new ReplayBuffer(3, 1f);
        Assert.Equal([10f, 11f], FirstPixels(buffer.Mix(Batch(2, 10), new TensorGenerator(1))));
        Assert.Equal(2, buffer.Count);
    }

    [Fact]
    public void A_full_buffer_swaps_every_fake_for_a_stored_one_at_probability_one()
    {
        var buffer = new ReplayBuffer(3, 1f);
        var rng = new TensorGenerator(1);
        buffer.Mix(Batch(3, 10), rng);
        var mixed = FirstPixels(buffer.Mix(Batch(3, 20), rng));

        // Each fake is replaced by an older image (from the first batch or a fake swapped in before it); the
        // buffer keeps three images, among them the new fakes that were swapped in.
        Assert.All(mixed, v => Assert.True(v is >= 10 and <= 12 or >= 20 and <= 22, $"{v}"));
        Assert.Contains(mixed, v => v < 20);
        Assert.Equal(3, buffer.Count);
        var stored = FirstPixels(Tensor.FromArray(buffer.Export(s_shape)!.ToSingleArray(), 3, 1, 2, 2));
        Assert.Contains(stored, v => v >= 20);
    }

    [Fact]
    public void At_probability_zero_a_full_buffer_passes_fakes_through()
    {
        var buffer = new ReplayBuffer(2, 0f);
        var rng = new TensorGenerator(1);
        buffer.Mix(Batch(2, 10), rng);
        Assert.Equal([20f, 21f], FirstPixels(buffer.Mix(Batch(2, 20), rng)));
    }

    [Fact]
    public void Export_and_restore_round_trip_and_bad_states_are_rejected()
    {
        var buffer = new ReplayBuffer(4, 0.5f);
        Assert.Null(buffer.Export(s_shape));
        buffer.Mix(Batch(3, 10), new TensorGenerator(1));
        var state = buffer.Export(s_shape)!;
        Assert.Equal([3L, 1, 2, 2], state.Shape);

        var copy = new ReplayBuffer(4, 0.5f);
        copy.Restore(copy.Read(state, s_shape));
        Assert.Equal(state.ToSingleArray(), copy.Export(s_shape)!.ToSingleArray());

        var small = new ReplayBuffer(2, 0.5f);
        var ex = Assert.Throws<ArgumentException>(() => small.Read(state, s_shape));
        Assert.Contains("[3, 1, 2, 2]", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => copy.Read(state, (3, 2, 2)));
        Assert.Equal(3, copy.Count);
    }
}
