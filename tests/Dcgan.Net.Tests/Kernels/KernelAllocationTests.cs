using Dcgan.Net.Tensors.Kernels;

namespace Dcgan.Net.Tests.Kernels;

/// <summary>Once warmed up, the kernels reuse their packing and scratch buffers: a call allocates nothing.</summary>
[Collection(EngineThreadsCollection.Name)]
public sealed class KernelAllocationTests
{
    [Fact]
    public void SteadyStateCalls_OnOneThread_AllocateNothing()
    {
        var g = new Conv2dGeometry(4, 6, 9, 9, 8, 4, 4, 2, 2, 1, 1);
        float[] input = KernelTestData.Random(g.Batch * g.InputImageSize, 1);
        float[] weight = KernelTestData.Random(g.WeightSize, 2);
        float[] output = new float[g.Batch * g.OutputImageSize];
        float[] a = KernelTestData.Random(300 * 200, 3);
        float[] b = KernelTestData.Random(200 * 150, 4);
        float[] c = new float[300 * 150];

        void Calls()
        {
            Sgemm.Multiply(false, false, 300, 150, 200, a, 200, b, 150, c, 150, accumulate: false);
            Sgemm.Multiply(true, true, 150, 150, 200, a, 150, b, 200, c, 150, accumulate: true);
            Sgemm.Multiply(false, false, 16, 100, 24, a, 24, b, 100, c, 100, accumulate: false);
            Conv2dKernels.Forward(input, weight, output, g);
            Conv2dKernels.BackwardInput(output, weight, input, g, accumulate: true);
            Conv2dKernels.BackwardWeight(input, output, weight, g, accumulate: true);
        }

        long allocated = 0;
        KernelTestData.WithThreads(1, () =>
        {
            Calls();
            Calls();
            long before = GC.GetAllocatedBytesForCurrentThread();
            Calls();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.Equal(0, allocated);
    }
}
