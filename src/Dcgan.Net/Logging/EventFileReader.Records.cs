using System.Buffers.Binary;
using System.Text;
using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Logging;

/// <summary>Turning parsed <c>Event</c> messages into flat <see cref="EventRecord"/>s.</summary>
public sealed partial class EventFileReader
{
    private static void AppendRecords(EventMessage e, List<EventRecord> into)
    {
        switch (e.Content)
        {
            case EventContent.FileVersion:
                into.Add(new EventRecord { Kind = EventRecordKind.FileVersion, WallTime = e.WallTime, Step = e.Step, FileVersion = e.FileVersion });
                break;
            case EventContent.SessionLog:
                into.Add(new EventRecord { Kind = EventRecordKind.SessionLog, WallTime = e.WallTime, Step = e.Step, SessionStatus = e.SessionLog!.Status });
                break;
            case EventContent.Summary:
                foreach (SummaryValueMessage value in e.Summary!.Values)
                {
                    into.Add(ToRecord(e, value));
                }

                break;
            default:
                into.Add(new EventRecord { Kind = EventRecordKind.Other, WallTime = e.WallTime, Step = e.Step });
                break;
        }
    }

    private static EventRecord ToRecord(EventMessage e, SummaryValueMessage value)
    {
        var record = new EventRecord
        {
            Kind = EventRecordKind.Other,
            WallTime = e.WallTime,
            Step = e.Step,
            Tag = value.Tag,
            PluginName = value.Metadata?.PluginName ?? "",
        };
        switch (value.Content)
        {
            case SummaryValueContent.SimpleValue:
                return record with { Kind = EventRecordKind.Scalar, ScalarValue = value.SimpleValue };
            case SummaryValueContent.Image:
                SummaryImageMessage image = value.Image!;
                return record with
                {
                    Kind = EventRecordKind.Image,
                    Image = new LoggedImage(image.EncodedImage, image.Width, image.Height, image.Colorspace),
                };
            case SummaryValueContent.Tensor:
                TensorMessage tensor = value.Tensor!;
                if (tensor.DataType == TensorMessage.DataTypeString)
                {
                    string text = string.Join('\n', tensor.StringValues.Select(s => Encoding.UTF8.GetString(s)));
                    return record with { Kind = EventRecordKind.Text, Text = text };
                }

                return TryReadTensorScalar(tensor, out float scalar)
                    ? record with { Kind = EventRecordKind.Scalar, ScalarValue = scalar }
                    : record;
            default:
                return record;
        }
    }

    /// <summary>A rank-0 DT_FLOAT (or DT_DOUBLE) tensor holding exactly one value, in either storage form.</summary>
    private static bool TryReadTensorScalar(TensorMessage tensor, out float value)
    {
        value = 0;
        if (tensor.Shape.Count != 0)
        {
            return false;
        }

        switch (tensor.DataType)
        {
            case TensorMessage.DataTypeFloat when tensor.FloatValues.Count == 1 && tensor.TensorContent.Length == 0:
                value = tensor.FloatValues[0];
                return true;
            case TensorMessage.DataTypeFloat when tensor.FloatValues.Count == 0 && tensor.TensorContent.Length == 4:
                value = BinaryPrimitives.ReadSingleLittleEndian(tensor.TensorContent);
                return true;
            case TensorMessage.DataTypeDouble when tensor.DoubleValues.Count == 1 && tensor.TensorContent.Length == 0:
                value = (float)tensor.DoubleValues[0];
                return true;
            case TensorMessage.DataTypeDouble when tensor.DoubleValues.Count == 0 && tensor.TensorContent.Length == 8:
                value = (float)BinaryPrimitives.ReadDoubleLittleEndian(tensor.TensorContent);
                return true;
            default:
                return false;
        }
    }
}
