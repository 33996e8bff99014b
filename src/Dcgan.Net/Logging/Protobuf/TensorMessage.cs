using System.Runtime.InteropServices;

namespace Dcgan.Net.Logging.Protobuf;

/// <summary>
/// The part of <c>tensorboard.TensorProto</c> that text and tensor-scalar summaries use: dtype = 1,
/// tensor_shape = 2 (TensorShapeProto{ dim = 2 (repeated Dim{ size = 1, name = 2 }) }), tensor_content = 4,
/// float_val = 5, double_val = 6, string_val = 8. Other fields are skipped on reading.
/// </summary>
internal sealed class TensorMessage
{
    /// <summary>DT_FLOAT in TensorFlow's DataType enum.</summary>
    public const int DataTypeFloat = 1;

    /// <summary>DT_DOUBLE.</summary>
    public const int DataTypeDouble = 2;

    /// <summary>DT_STRING.</summary>
    public const int DataTypeString = 7;

    public int DataType { get; set; }

    /// <summary>Dimension sizes; empty means rank 0 (a scalar).</summary>
    public List<long> Shape { get; } = [];

    public byte[] TensorContent { get; set; } = [];

    public List<float> FloatValues { get; } = [];

    public List<double> DoubleValues { get; } = [];

    public List<byte[]> StringValues { get; } = [];

    public ProtoWriter Write()
    {
        var w = new ProtoWriter();
        if (DataType != 0)
        {
            w.WriteInt32(1, DataType);
        }

        var shape = new ProtoWriter(16);
        foreach (long size in Shape)
        {
            var dim = new ProtoWriter(12);
            if (size != 0)
            {
                dim.WriteInt64(1, size);
            }

            shape.WriteMessage(2, dim);
        }

        w.WriteMessage(2, shape);
        if (TensorContent.Length > 0)
        {
            w.WriteBytes(4, TensorContent);
        }

        if (FloatValues.Count > 0)
        {
            w.WritePackedFloats(5, CollectionsMarshal.AsSpan(FloatValues));
        }

        foreach (byte[] s in StringValues)
        {
            w.WriteBytes(8, s);
        }

        return w;
    }

    public void MergeFrom(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            switch (field, type)
            {
                case (1, WireType.Varint):
                    DataType = r.ReadInt32();
                    break;
                case (2, WireType.LengthDelimited):
                    var shapeReader = r.ReadMessage();
                    MergeShape(ref shapeReader);
                    break;
                case (4, WireType.LengthDelimited):
                    TensorContent = r.ReadLengthDelimited().ToArray();
                    break;
                case (5, WireType.LengthDelimited or WireType.Fixed32):
                    r.ReadRepeatedFloat(type, FloatValues);
                    break;
                case (6, WireType.LengthDelimited or WireType.Fixed64):
                    r.ReadRepeatedDouble(type, DoubleValues);
                    break;
                case (8, WireType.LengthDelimited):
                    StringValues.Add(r.ReadLengthDelimited().ToArray());
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }

    private void MergeShape(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            if (field == 2 && type == WireType.LengthDelimited)
            {
                var dimReader = r.ReadMessage();
                long size = 0;
                while (dimReader.TryReadKey(out int dimField, out WireType dimType))
                {
                    if (dimField == 1 && dimType == WireType.Varint)
                    {
                        size = dimReader.ReadInt64();
                    }
                    else
                    {
                        dimReader.Skip(dimType);
                    }
                }

                Shape.Add(size);
            }
            else
            {
                r.Skip(type);
            }
        }
    }
}
