using System.Buffers;

namespace Dcgan.Net.Data;

/// <summary>A data set whose images pass through a chain of transforms when read (see <see cref="ImageDataset.WithTransforms"/>).</summary>
internal sealed class TransformedDataset : ImageDataset
{
    private readonly ImageDataset _source;
    private readonly ImageTransform[] _transforms;
    private readonly ImageShape[] _shapes;
    private readonly int _scratchSize;

    public TransformedDataset(ImageDataset source, ImageTransform[] transforms)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(transforms);
        _source = source;
        _transforms = (ImageTransform[])transforms.Clone();
        _shapes = new ImageShape[_transforms.Length + 1];
        _shapes[0] = source.ImageShape;
        _scratchSize = _shapes[0].Size;
        for (int i = 0; i < _transforms.Length; i++)
        {
            if (_transforms[i] is null)
            {
                throw new ArgumentException($"Transform {i} is null.", nameof(transforms));
            }

            _shapes[i + 1] = _transforms[i].GetOutputShape(_shapes[i]);
            _scratchSize = Math.Max(_scratchSize, _shapes[i + 1].Size);
        }
    }

    public override int Count => _source.Count;

    public override ImageShape ImageShape => _shapes[^1];

    public override bool HasLabels => _source.HasLabels;

    protected override void CopyImageCore(int index, Span<float> destination)
    {
        if (_transforms.Length == 0)
        {
            _source.CopyImage(index, destination);
            return;
        }

        // Ping-pong between two pooled buffers; the last transform writes straight into the destination.
        float[] a = ArrayPool<float>.Shared.Rent(_scratchSize);
        float[] b = ArrayPool<float>.Shared.Rent(_scratchSize);
        try
        {
            _source.CopyImage(index, a);
            for (int i = 0; i < _transforms.Length; i++)
            {
                Span<float> output = i == _transforms.Length - 1 ? destination : b.AsSpan(0, _shapes[i + 1].Size);
                _transforms[i].Apply(a.AsSpan(0, _shapes[i].Size), _shapes[i], output);
                (a, b) = (b, a);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(a);
            ArrayPool<float>.Shared.Return(b);
        }
    }

    protected override int GetLabelCore(int index) => _source.GetLabel(index);
}
