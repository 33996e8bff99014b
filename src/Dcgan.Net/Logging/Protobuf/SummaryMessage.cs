namespace Dcgan.Net.Logging.Protobuf;

/// <summary><c>tensorboard.Summary</c>: value = 1 (repeated Summary.Value).</summary>
internal sealed class SummaryMessage
{
    public List<SummaryValueMessage> Values { get; } = [];

    public ProtoWriter Write()
    {
        var w = new ProtoWriter();
        foreach (SummaryValueMessage value in Values)
        {
            w.WriteMessage(1, value.Write());
        }

        return w;
    }

    public void MergeFrom(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            if (field == 1 && type == WireType.LengthDelimited)
            {
                var valueReader = r.ReadMessage();
                var value = new SummaryValueMessage();
                value.MergeFrom(ref valueReader);
                Values.Add(value);
            }
            else
            {
                r.Skip(type);
            }
        }
    }
}

/// <summary>Which member of <c>Summary.Value.value</c> was set (last one wins).</summary>
internal enum SummaryValueContent
{
    None,
    SimpleValue,
    Image,
    Tensor,

    /// <summary>obsolete histogram, histo, audio or a field newer than this reader.</summary>
    Other,
}

/// <summary>
/// <c>Summary.Value</c>: tag = 1, oneof value { simple_value = 2 (float), obsolete_old_style_histogram = 3,
/// image = 4, histo = 5, audio = 6, tensor = 8 }, node_name = 7, metadata = 9.
/// </summary>
internal sealed class SummaryValueMessage
{
    public string Tag { get; set; } = "";

    public SummaryValueContent Content { get; private set; }

    public float SimpleValue { get; private set; }

    public SummaryImageMessage? Image { get; private set; }

    public TensorMessage? Tensor { get; private set; }

    public SummaryMetadataMessage? Metadata { get; set; }

    public static SummaryValueMessage ForSimpleValue(string tag, float value) =>
        new() { Tag = tag, Content = SummaryValueContent.SimpleValue, SimpleValue = value };

    public static SummaryValueMessage ForImage(string tag, SummaryImageMessage image) =>
        new() { Tag = tag, Content = SummaryValueContent.Image, Image = image };

    public static SummaryValueMessage ForTensor(string tag, TensorMessage tensor, SummaryMetadataMessage? metadata) =>
        new() { Tag = tag, Content = SummaryValueContent.Tensor, Tensor = tensor, Metadata = metadata };

    public ProtoWriter Write()
    {
        var w = new ProtoWriter(Content == SummaryValueContent.Image ? Image!.EncodedImage.Length + 64 : 64);
        w.WriteString(1, Tag);
        switch (Content)
        {
            case SummaryValueContent.SimpleValue:
                w.WriteFloat(2, SimpleValue);
                break;
            case SummaryValueContent.Image:
                w.WriteMessage(4, Image!.Write());
                break;
            case SummaryValueContent.Tensor:
                w.WriteMessage(8, Tensor!.Write());
                break;
        }

        if (Metadata is not null)
        {
            w.WriteMessage(9, Metadata.Write());
        }

        return w;
    }

    public void MergeFrom(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    Tag = r.ReadString();
                    break;
                case (2, WireType.Fixed32):
                    SimpleValue = r.ReadFloat();
                    Content = SummaryValueContent.SimpleValue;
                    break;
                case (4, WireType.LengthDelimited):
                    var imageReader = r.ReadMessage();
                    Image ??= new SummaryImageMessage();
                    Image.MergeFrom(ref imageReader);
                    Content = SummaryValueContent.Image;
                    break;
                case (8, WireType.LengthDelimited):
                    var tensorReader = r.ReadMessage();
                    Tensor ??= new TensorMessage();
                    Tensor.MergeFrom(ref tensorReader);
                    Content = SummaryValueContent.Tensor;
                    break;
                case (9, WireType.LengthDelimited):
                    var metadataReader = r.ReadMessage();
                    Metadata ??= new SummaryMetadataMessage();
                    Metadata.MergeFrom(ref metadataReader);
                    break;
                case (3 or 5 or 6, _):
                    r.Skip(type);
                    Content = SummaryValueContent.Other;
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }
}

/// <summary>
/// <c>Summary.Image</c>: height = 1, width = 2, colorspace = 3 (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA),
/// encoded_image_string = 4.
/// </summary>
internal sealed class SummaryImageMessage
{
    public int Height { get; set; }

    public int Width { get; set; }

    public int Colorspace { get; set; }

    public byte[] EncodedImage { get; set; } = [];

    public ProtoWriter Write()
    {
        var w = new ProtoWriter(EncodedImage.Length + 24);
        w.WriteInt32(1, Height);
        w.WriteInt32(2, Width);
        w.WriteInt32(3, Colorspace);
        w.WriteBytes(4, EncodedImage);
        return w;
    }

    public void MergeFrom(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            switch (field, type)
            {
                case (1, WireType.Varint):
                    Height = r.ReadInt32();
                    break;
                case (2, WireType.Varint):
                    Width = r.ReadInt32();
                    break;
                case (3, WireType.Varint):
                    Colorspace = r.ReadInt32();
                    break;
                case (4, WireType.LengthDelimited):
                    EncodedImage = r.ReadLengthDelimited().ToArray();
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }
}

/// <summary>
/// <c>SummaryMetadata</c>: plugin_data = 1 (PluginData{ plugin_name = 1, content = 2 }), display_name = 2,
/// summary_description = 3, data_class = 4.
/// </summary>
internal sealed class SummaryMetadataMessage
{
    public string PluginName { get; set; } = "";

    public byte[] PluginContent { get; set; } = [];

    public string DisplayName { get; set; } = "";

    public string SummaryDescription { get; set; } = "";

    public ProtoWriter Write()
    {
        var plugin = new ProtoWriter(32);
        plugin.WriteString(1, PluginName);
        if (PluginContent.Length > 0)
        {
            plugin.WriteBytes(2, PluginContent);
        }

        var w = new ProtoWriter(48);
        w.WriteMessage(1, plugin);
        if (DisplayName.Length > 0)
        {
            w.WriteString(2, DisplayName);
        }

        if (SummaryDescription.Length > 0)
        {
            w.WriteString(3, SummaryDescription);
        }

        return w;
    }

    public void MergeFrom(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    var plugin = r.ReadMessage();
                    MergePluginData(ref plugin);
                    break;
                case (2, WireType.LengthDelimited):
                    DisplayName = r.ReadString();
                    break;
                case (3, WireType.LengthDelimited):
                    SummaryDescription = r.ReadString();
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }

    private void MergePluginData(ref ProtoReader r)
    {
        while (r.TryReadKey(out int field, out WireType type))
        {
            switch (field, type)
            {
                case (1, WireType.LengthDelimited):
                    PluginName = r.ReadString();
                    break;
                case (2, WireType.LengthDelimited):
                    PluginContent = r.ReadLengthDelimited().ToArray();
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }
    }
}
