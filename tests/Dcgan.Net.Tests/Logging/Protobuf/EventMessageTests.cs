using System.Text;
using Dcgan.Net.Logging;
using Dcgan.Net.Logging.Protobuf;

namespace Dcgan.Net.Tests.Logging.Protobuf;

public class EventMessageTests
{
    [Fact]
    public void File_version_event_matches_the_spec_payload()
    {
        byte[] payload = EventMessage.ForFileVersion(1599759586.0, 0, "brain.Event:2").ToByteArray();
        Assert.Equal("09000080" + "3899d6d741" + "1a0d" + Hex.Format(Encoding.ASCII.GetBytes("brain.Event:2")), Hex.Format(payload));
    }

    [Fact]
    public void Scalar_event_matches_the_spec_payload()
    {
        var summary = new SummaryMessage();
        summary.Values.Add(SummaryValueMessage.ForSimpleValue("loss", 0.25f));
        byte[] payload = EventMessage.ForSummary(1700000000.5, 10, summary).ToByteArray();
        Assert.Equal("0900002040fc54d941" + "100a" + "2a0d" + "0a0b" + "0a046c6f7373" + "150000803e", Hex.Format(payload));
    }

    [Fact]
    public void Negative_step_round_trips_through_ten_byte_varint()
    {
        var summary = new SummaryMessage();
        summary.Values.Add(SummaryValueMessage.ForSimpleValue("x", 1f));
        byte[] payload = EventMessage.ForSummary(1.0, -3, summary).ToByteArray();
        Assert.Contains("10fdffffffffffffffff01", Hex.Format(payload), StringComparison.Ordinal);
        Assert.Equal(-3, EventMessage.Parse(payload).Step);
    }

    [Fact]
    public void Image_text_and_session_log_round_trip()
    {
        var summary = new SummaryMessage();
        summary.Values.Add(SummaryValueMessage.ForImage("img", new SummaryImageMessage { Height = 2, Width = 3, Colorspace = 4, EncodedImage = [9, 8, 7] }));
        var tensor = new TensorMessage { DataType = TensorMessage.DataTypeString };
        tensor.Shape.Add(1);
        tensor.StringValues.Add(Encoding.UTF8.GetBytes("héllo"));
        summary.Values.Add(SummaryValueMessage.ForTensor("t/text_summary", tensor, new SummaryMetadataMessage { PluginName = "text" }));

        EventMessage parsed = EventMessage.Parse(EventMessage.ForSummary(5.5, 7, summary).ToByteArray());
        Assert.Equal(EventContent.Summary, parsed.Content);
        Assert.Equal(5.5, parsed.WallTime);
        Assert.Equal(7, parsed.Step);
        SummaryValueMessage image = parsed.Summary!.Values[0];
        Assert.Equal(SummaryValueContent.Image, image.Content);
        Assert.Equal((2, 3, 4), (image.Image!.Height, image.Image.Width, image.Image.Colorspace));
        Assert.Equal([9, 8, 7], image.Image.EncodedImage);
        SummaryValueMessage text = parsed.Summary.Values[1];
        Assert.Equal(SummaryValueContent.Tensor, text.Content);
        Assert.Equal("text", text.Metadata!.PluginName);
        Assert.Equal([1L], text.Tensor!.Shape);
        Assert.Equal("héllo", Encoding.UTF8.GetString(text.Tensor.StringValues[0]));

        var log = EventMessage.ForSessionLog(1, 100, new SessionLogMessage { Status = SessionLogStatus.Start, Message = "resumed" });
        EventMessage parsedLog = EventMessage.Parse(log.ToByteArray());
        Assert.Equal(EventContent.SessionLog, parsedLog.Content);
        Assert.Equal(SessionLogStatus.Start, parsedLog.SessionLog!.Status);
        Assert.Equal("resumed", parsedLog.SessionLog.Message);
    }

    [Fact]
    public void Text_value_is_written_in_PyTorch_field_order()
    {
        var tensor = new TensorMessage { DataType = TensorMessage.DataTypeString };
        tensor.Shape.Add(1);
        tensor.StringValues.Add("hi"u8.ToArray());
        byte[] value = SummaryValueMessage.ForTensor("a", tensor, new SummaryMetadataMessage { PluginName = "text" }).Write().ToArray();
        // tag, tensor{dtype 7, shape{dim{size 1}}, string_val "hi"}, metadata{plugin_data{plugin_name "text"}}; no content: empty TextPluginData serializes to nothing
        Assert.Equal("0a0161" + "420c" + "0807" + "1204" + "12020801" + "42026869" + "4a08" + "0a06" + "0a04" + Hex.Format("text"u8), Hex.Format(value));
    }

    [Fact]
    public void Unknown_fields_are_skipped_and_other_event_kinds_are_recognised()
    {
        var w = new ProtoWriter();
        w.WriteDouble(1, 2.0);
        w.WriteBytes(4, [1, 2, 3]);
        w.WriteInt64(99, 5);
        w.WriteBytes(10, "writer"u8);
        EventMessage parsed = EventMessage.Parse(w.WrittenSpan);
        Assert.Equal(EventContent.Other, parsed.Content);
        Assert.Equal(2.0, parsed.WallTime);
    }

    [Fact]
    public void Repeated_sub_messages_merge_and_the_last_oneof_member_wins()
    {
        var image = new ProtoWriter();
        image.WriteInt32(1, 4);
        var value = new ProtoWriter();
        value.WriteString(1, "a");
        value.WriteFloat(2, 1.5f);
        value.WriteMessage(4, image);
        var imageWidth = new ProtoWriter();
        imageWidth.WriteInt32(2, 6);
        value.WriteMessage(4, imageWidth);

        var r = new ProtoReader(value.WrittenSpan);
        var parsed = new SummaryValueMessage();
        parsed.MergeFrom(ref r);
        Assert.Equal(SummaryValueContent.Image, parsed.Content);
        Assert.Equal((4, 6), (parsed.Image!.Height, parsed.Image.Width));
    }

    [Fact]
    public void Tensor_reads_unpacked_float_values_and_shape_dims()
    {
        var dim = new ProtoWriter();
        dim.WriteInt64(1, 3);
        var shape = new ProtoWriter();
        shape.WriteMessage(2, dim);
        shape.WriteMessage(2, new ProtoWriter());
        var w = new ProtoWriter();
        w.WriteInt32(1, TensorMessage.DataTypeFloat);
        w.WriteMessage(2, shape);
        w.WriteFloat(5, 0.5f);
        w.WriteFloat(5, 1.5f);
        var r = new ProtoReader(w.WrittenSpan);
        var tensor = new TensorMessage();
        tensor.MergeFrom(ref r);
        Assert.Equal([3L, 0L], tensor.Shape);
        Assert.Equal([0.5f, 1.5f], tensor.FloatValues);
    }
}
