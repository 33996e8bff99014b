using Dcgan.Net.Fid.Inception;
using Dcgan.Net.Tests.Kernels;

namespace Dcgan.Net.Tests.Fid.Inception;

public sealed class ChannelMajorIm2ColTests
{
    // Every kind of convolution the network has (same-size padded, row, column, unpadded, strided), on odd sizes,
    // and column ranges that start and end inside images and rows.
    public static TheoryData<int, int, int, int, int, int, int, int, int> Cases => new()
    {
        // channels, images, height, width, kernelH, kernelW, stride, padH, padW
        { 2, 3, 7, 5, 5, 5, 1, 2, 2 },
        { 3, 2, 6, 9, 1, 7, 1, 0, 3 },
        { 3, 2, 9, 4, 7, 1, 1, 3, 0 },
        { 2, 3, 5, 5, 3, 3, 1, 1, 1 },
        { 2, 2, 8, 7, 3, 3, 1, 0, 0 },
        { 3, 3, 9, 11, 3, 3, 2, 0, 0 },
        { 1, 2, 3, 3, 3, 3, 1, 1, 1 },
        { 2, 1, 2, 3, 1, 3, 1, 0, 1 },
        { 2, 2, 4, 4, 5, 5, 1, 2, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expand_MatchesTheDefinition(int channels, int images, int height, int width, int kh, int kw, int stride, int ph, int pw)
    {
        var spec = new ConvSpec("test", channels, 1, kh, kw, stride, ph, pw);
        int outH = spec.OutHeight(height), outW = spec.OutWidth(width);
        int columns = images * outH * outW;
        float[] buffer = KernelTestData.Random(5 + (channels * images * height * width), seed: channels + height);
        var input = new Activation(buffer, 5, channels, images, height, width);
        int[] cuts = [0, 1, (columns / 3) + 1, columns - 2, columns];
        for (int t = 0; t + 1 < cuts.Length; t++)
        {
            int j0 = cuts[t], j1 = cuts[t + 1];
            var col = new float[spec.PatchSize * (j1 - j0)];
            col.AsSpan().Fill(float.NaN);

            ChannelMajorIm2Col.Expand(input, spec, j0, j1, col);

            for (int r = 0; r < spec.PatchSize; r++)
            {
                int c = r / (kh * kw), ky = r / kw % kh, kx = r % kw;
                for (int j = j0; j < j1; j++)
                {
                    int b = j / (outH * outW), oy = j / outW % outH, ox = j % outW;
                    int y = (oy * stride) - ph + ky, x = (ox * stride) - pw + kx;
                    float expected = y >= 0 && y < height && x >= 0 && x < width
                        ? buffer[5 + (((((c * images) + b) * height) + y) * width) + x]
                        : 0f;
                    Assert.True(expected.Equals(col[(r * (j1 - j0)) + j - j0]), $"row {r} column {j} of [{j0}, {j1})");
                }
            }
        }
    }
}
