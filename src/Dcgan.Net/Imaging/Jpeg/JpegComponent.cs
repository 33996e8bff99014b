using System.Buffers;

namespace Dcgan.Net.Imaging.Jpeg;

/// <summary>One image component of a frame (T.81 B.2.2) and its decoded samples.</summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int h, int v, int quantTable)
    {
        Id = id;
        H = h;
        V = v;
        QuantTableIndex = quantTable;
    }

    /// <summary>Component identifier Ci.</summary>
    public int Id { get; }

    /// <summary>Horizontal sampling factor Hi (1..4).</summary>
    public int H { get; }

    /// <summary>Vertical sampling factor Vi (1..4).</summary>
    public int V { get; }

    /// <summary>Quantisation table selector Tqi.</summary>
    public int QuantTableIndex { get; }

    /// <summary>Sample columns of the component: ceil(X * Hi / Hmax).</summary>
    public int Width { get; set; }

    /// <summary>Sample rows of the component: ceil(Y * Vi / Vmax).</summary>
    public int Height { get; set; }

    /// <summary>Blocks per row covering <see cref="Width"/> (the extent of a non-interleaved scan).</summary>
    public int WidthInBlocks { get; set; }

    /// <summary>Block rows covering <see cref="Height"/>.</summary>
    public int HeightInBlocks { get; set; }

    /// <summary>Blocks per row of the MCU-padded grid (MCUs per row x Hi); the stride of the block arrays.</summary>
    public int BlocksPerLine { get; set; }

    /// <summary>Block rows of the MCU-padded grid.</summary>
    public int BlocksPerColumn { get; set; }

    /// <summary>Dequantisation multipliers in natural (row-major) order, latched at the component's first scan.</summary>
    public int[]? Quant { get; set; }

    /// <summary>Decoded samples, <see cref="BlocksPerLine"/> x 8 bytes per row, <see cref="BlocksPerColumn"/> x 8 rows (a pooled array, possibly longer).</summary>
    public byte[] Plane { get; set; } = [];

    /// <summary>Quantised coefficients, 64 per block in natural order (progressive frames only; pooled, possibly longer).</summary>
    public short[]? Coefficients { get; set; }

    /// <summary>DC predictor of the current scan.</summary>
    public int DcPredictor { get; set; }

    /// <summary>DC Huffman table selector of the current scan.</summary>
    public int DcTable { get; set; }

    /// <summary>AC Huffman table selector of the current scan.</summary>
    public int AcTable { get; set; }

    /// <summary>True once any scan has carried data for this component.</summary>
    public bool Scanned { get; set; }

    /// <summary>Row stride of <see cref="Plane"/> in bytes.</summary>
    public int Stride => BlocksPerLine * 8;

    /// <summary>Gives the pooled plane and coefficient arrays back; the component is unusable afterwards.</summary>
    public void ReturnBuffers()
    {
        if (Plane.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Plane);
            Plane = [];
        }

        if (Coefficients is not null)
        {
            ArrayPool<short>.Shared.Return(Coefficients);
            Coefficients = null;
        }
    }
}
