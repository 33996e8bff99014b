using Dcgan.Net.Fid.Inception;

namespace Dcgan.Net.Tests.Fid.Inception;

public sealed class FoldedConvTests
{
    [Fact]
    public void Fold_ScalesRowsAndShiftsBias_InFloat64()
    {
        var spec = ConvSpec.Square("c", 1, 2, 1, 1, 0);
        float[] weight = [0.5f, -2f];

        FoldedConv folded = FoldedConv.Fold(spec, weight, gamma: [2f, 0.3f], beta: [0.1f, -1f], mean: [1f, 0.25f], variance: [0.999f, 3.999f]);

        double s0 = 2f / Math.Sqrt(0.999f + 1e-3), s1 = 0.3f / Math.Sqrt(3.999f + 1e-3);
        Assert.Equal([(float)(0.5 * s0), (float)(-2 * s1)], folded.Weight);
        Assert.Equal([(float)(0.1f - (1 * s0)), (float)(-1 - (0.25 * s1))], folded.Bias);
    }

    [Fact]
    public void Stack_ConcatenatesOutputChannels()
    {
        FoldedConv a = FoldedConv.Fold(ConvSpec.Pointwise("a", 2, 1), [1f, 2f], [1f], [0f], [0f], [0.999f]);
        FoldedConv b = FoldedConv.Fold(ConvSpec.Pointwise("b", 2, 2), [3f, 4f, 5f, 6f], [1f, 1f], [1f, 2f], [0f, 0f], [0.999f, 0.999f]);

        FoldedConv stacked = FoldedConv.Stack("ab", a, b);

        Assert.Equal(3, stacked.Spec.OutChannels);
        Assert.Equal(2, stacked.Spec.InChannels);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], stacked.Weight);
        Assert.Equal([0f, 1f, 2f], stacked.Bias);
    }

    [Fact]
    public void Stack_RefusesSpatialOrMismatchedConvolutions()
    {
        FoldedConv pointwise = FoldedConv.Fold(ConvSpec.Pointwise("a", 1, 1), [1f], [1f], [0f], [0f], [1f]);
        FoldedConv spatial = FoldedConv.Fold(ConvSpec.Square("b", 1, 1, 3, 1, 1), new float[9], [1f], [0f], [0f], [1f]);
        FoldedConv wider = FoldedConv.Fold(ConvSpec.Pointwise("c", 2, 1), [1f, 1f], [1f], [0f], [0f], [1f]);

        Assert.Throws<InvalidOperationException>(() => FoldedConv.Stack("x", pointwise, spatial));
        Assert.Throws<InvalidOperationException>(() => FoldedConv.Stack("x", pointwise, wider));
    }
}
