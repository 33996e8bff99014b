namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>From component planes to the output image: upsampling, colour conversion, EXIF orientation.</summary>
internal sealed partial class JpegDecoderCore
{
    private Image BuildImage()
    {
        if (_progressive)
        {
            TransformCoefficients();
        }

        int channels = _components.Length == 1 ? 1 : 3;
        byte[] output = GC.AllocateUninitializedArray<byte>(_width * _height * channels);
        if (channels == 1)
        {
            JpegComponent c = _components[0];
            for (int y = 0; y < _height; y++)
            {
                c.Plane.AsSpan(y * c.Stride, _width).CopyTo(output.AsSpan(y * _width, _width));
            }
        }
        else
        {
            WriteColorRows(output);
        }

        var image = new Image(_width, _height, channels, output);
        return _orientation == 1 ? image : JpegExif.Orient(image, _orientation);
    }

    private void WriteColorRows(byte[] output)
    {
        bool ycc = IsYCbCr();
        var ratios = new (int H, int V)[3];
        var buffers = new byte[3][];
        for (int i = 0; i < 3; i++)
        {
            JpegComponent c = _components[i];
            ratios[i] = (_hmax / c.H, _vmax / c.V);
            buffers[i] = ratios[i] == (1, 1) ? [] : new byte[c.Width * ratios[i].H];
        }

        short[] sums = new short[_components.Max(c => c.Width) + 2]; // scratch of the 2x2 upsampler
        int rowBytes = _width * 3;
        for (int y = 0; y < _height; y++)
        {
            ReadOnlySpan<byte> c0 = Row(0, y, ratios[0], buffers[0], sums);
            ReadOnlySpan<byte> c1 = Row(1, y, ratios[1], buffers[1], sums);
            ReadOnlySpan<byte> c2 = Row(2, y, ratios[2], buffers[2], sums);
            Span<byte> rgb = output.AsSpan(y * rowBytes, rowBytes);
            if (ycc)
            {
                JpegColor.YCbCrToRgb(c0, c1, c2, rgb, _width, _options.UseSimd);
            }
            else
            {
                JpegColor.InterleaveScalar(c0, c1, c2, rgb, _width);
            }
        }
    }

    private ReadOnlySpan<byte> Row(int index, int y, (int H, int V) ratio, byte[] buffer, short[] sums)
    {
        JpegComponent c = _components[index];
        if (ratio == (1, 1))
        {
            return c.Plane.AsSpan(y * c.Stride, _width);
        }

        JpegUpsampler.UpsampleRow(c, ratio.H, ratio.V, y, buffer, sums, _options.UseSimd);
        return buffer;
    }

    /// <summary>
    /// Whether three components hold YCbCr, decided as libjpeg does: a JFIF marker means YCbCr; else an
    /// Adobe APP14 marker's transform flag (0 = stored as RGB); else component ids 'R','G','B' mean RGB.
    /// </summary>
    private bool IsYCbCr()
    {
        if (_jfif)
        {
            return true;
        }

        if (_adobeTransform >= 0)
        {
            return _adobeTransform != 0;
        }

        return !(_components[0].Id == 'R' && _components[1].Id == 'G' && _components[2].Id == 'B');
    }
}
