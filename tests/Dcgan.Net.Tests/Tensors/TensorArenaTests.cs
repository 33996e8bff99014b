using Dcgan.Net.Tensors;

namespace Dcgan.Net.Tests.Tensors;

public class TensorArenaTests
{
    [Fact]
    public void Storage_of_one_activation_is_handed_out_again_zeroed_in_the_next()
    {
        var arena = new TensorArena();
        float[] first;
        using (arena.Activate())
        {
            var t = Tensor.Full(3f, 5, 7);
            first = t.Storage;
            Assert.Equal(1, arena.RentedCount);
        }

        using (arena.Activate())
        {
            var again = Tensor.Zeros(7, 5);
            var other = Tensor.Zeros(7, 5);
            Assert.Same(first, again.Storage);
            Assert.NotSame(first, other.Storage);
            Assert.All(again.ToArray(), v => Assert.Equal(0f, v));
            Assert.Equal(2, arena.RentedCount);
        }
    }

    [Fact]
    public void Without_an_active_arena_every_tensor_gets_fresh_storage()
    {
        var arena = new TensorArena();
        float[] inside;
        using (arena.Activate())
        {
            inside = Tensor.Zeros(4).Storage;
        }

        Assert.NotSame(inside, Tensor.Zeros(4).Storage);
        Assert.NotSame(Tensor.Zeros(4).Storage, Tensor.Zeros(4).Storage);
    }

    [Fact]
    public void Nested_activations_restore_the_outer_arena_and_one_arena_cannot_be_activated_twice()
    {
        var outer = new TensorArena();
        var inner = new TensorArena();
        using (outer.Activate())
        {
            Assert.Throws<InvalidOperationException>(() => outer.Activate());
            using (inner.Activate())
            {
                Tensor.Zeros(3);
                Assert.Equal(1, inner.RentedCount);
                Assert.Equal(0, outer.RentedCount);
            }

            Tensor.Zeros(3);
            Assert.Equal(0, inner.RentedCount);
            Assert.Equal(1, outer.RentedCount);
        }
    }

    [Fact]
    public void Results_computed_in_an_arena_are_the_same_as_without_one()
    {
        var x = Tensor.Randn(new TensorGenerator(2), 3, 4);
        float[] expected = x.Tanh().Mul(x).Sum([1]).ToArray();
        var arena = new TensorArena();
        for (int round = 0; round < 3; round++)
        {
            using (arena.Activate())
            {
                Assert.Equal(expected, x.Tanh().Mul(x).Sum([1]).ToArray());
            }
        }
    }
}
