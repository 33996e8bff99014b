using System.Buffers.Binary;
using Dcgan.Net.Imaging;

namespace Dcgan.Net.Tests.Imaging;

public class PngDecoderMalformedTests
{
    /// <summary>Filtered scanlines of a 3x2 8-bit RGB image (filter 0 on both rows).</summary>
    private static readonly byte[] RgbRows = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 10, 11, 12, 13, 14, 15, 16, 17, 18];

    private static PngBuilder Rgb3x2() => new PngBuilder().Header(3, 2, 8, 2);

    private static string Fails(byte[] file, ImageDecoderOptions? options = null) =>
        Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(file, options)).Message;

    [Fact]
    public void Well_formed_reference_file_decodes()
    {
        var image = PngDecoder.Decode(Rgb3x2().Pixels(RgbRows).End().ToArray());
        Assert.Equal(RgbRows[1..10], image.Data[..9]);
    }

    [Fact]
    public void Bad_signature_is_rejected()
    {
        byte[] file = Rgb3x2().Pixels(RgbRows).End().ToArray();
        file[1] = (byte)'Q';
        Assert.Contains("signature", Fails(file), StringComparison.Ordinal);
        Assert.Contains("signature", Fails([]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_100000x100000_header_throws_before_allocating()
    {
        byte[] file = new PngBuilder().Header(100_000, 100_000, 8, 6).Pixels(RgbRows).End().ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();

        string message = Fails(file);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("IHDR", message, StringComparison.Ordinal);
        Assert.Contains("100000x100000", message, StringComparison.Ordinal);
        Assert.Contains("MaxPixelCount", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixel_limit_is_configurable()
    {
        byte[] file = Rgb3x2().Pixels(RgbRows).End().ToArray();
        Assert.Contains("MaxPixelCount", Fails(file, new ImageDecoderOptions { MaxPixelCount = 5 }), StringComparison.Ordinal);
        Assert.Equal(3, PngDecoder.Decode(file, new ImageDecoderOptions { MaxPixelCount = 6 }).Width);
    }

    [Theory]
    [InlineData(0u, 1u, 8, 2)]
    [InlineData(1u, 0u, 8, 2)]
    [InlineData(0x80000000u, 1u, 8, 2)]
    [InlineData(1u, 1u, 3, 0)]
    [InlineData(1u, 1u, 16, 3)]
    [InlineData(1u, 1u, 4, 2)]
    [InlineData(1u, 1u, 8, 1)]
    [InlineData(1u, 1u, 8, 7)]
    public void Invalid_header_fields_are_rejected(uint width, uint height, byte depth, byte colorType)
    {
        byte[] file = new PngBuilder().Header(width, height, depth, colorType).Pixels([0, 0, 0, 0]).End().ToArray();
        Assert.Contains("IHDR at offset 8", Fails(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 2)]
    public void Unknown_methods_are_rejected(byte compression, byte filter, byte interlace)
    {
        byte[] file = new PngBuilder().Chunk("IHDR", PngBuilder.Ihdr(3, 2, 8, 2, interlace, compression, filter)).Pixels(RgbRows).End().ToArray();
        Assert.Contains("method", Fails(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_must_come_first_be_13_bytes_and_be_unique()
    {
        Assert.Contains("first chunk must be IHDR", Fails(new PngBuilder().Chunk("gAMA", [0, 0, 0, 1]).Header(3, 2, 8, 2).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("13", Fails(new PngBuilder().Chunk("IHDR", new byte[12]).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("duplicate IHDR", Fails(Rgb3x2().Header(3, 2, 8, 2).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("no IHDR", Fails(new PngBuilder().ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Crc_mismatch_names_the_chunk_and_offset()
    {
        string message = Fails(Rgb3x2().Chunk("IDAT", PngBuilder.Zlib(RgbRows), crc: 0x12345678).End().ToArray());
        Assert.Contains("'IDAT' at offset 33", message, StringComparison.Ordinal);
        Assert.Contains("CRC", message, StringComparison.Ordinal);
        Assert.Contains("CRC", Fails(Rgb3x2().Chunk("tEXt", "a\0b"u8.ToArray(), crc: 1).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_critical_chunk_is_rejected_and_unknown_ancillary_chunk_is_skipped()
    {
        Assert.Contains("unknown critical chunk", Fails(Rgb3x2().Chunk("ZZZZ", [1]).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
        Assert.Equal(3, PngDecoder.Decode(Rgb3x2().Chunk("zzZz", [1, 2]).Pixels(RgbRows).Chunk("tIME", new byte[7]).End().ToArray()).Width);
        Assert.Contains("invalid type code", Fails(Rgb3x2().Chunk("ab1d", [1]).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_lengths_past_the_end_or_above_2_31_are_rejected()
    {
        Assert.Contains("declares 1000 data bytes", Fails(Rgb3x2().Chunk("IDAT", PngBuilder.Zlib(RgbRows), length: 1000).ToArray()), StringComparison.Ordinal);
        Assert.Contains("declares 4294967295", Fails(Rgb3x2().Chunk("IDAT", PngBuilder.Zlib(RgbRows), length: uint.MaxValue).ToArray()), StringComparison.Ordinal);
        byte[] file = Rgb3x2().Pixels(RgbRows).End().ToArray();
        Assert.Contains("truncated", Fails(file[..^5]), StringComparison.Ordinal);
    }

    [Fact]
    public void Palette_rules_are_enforced()
    {
        byte[] rows = [0, 0x12];
        Assert.Contains("no PLTE", Fails(new PngBuilder().Header(2, 1, 4, 3).Pixels(rows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("not allowed for color type 0", Fails(new PngBuilder().Header(2, 1, 4, 0).Chunk("PLTE", new byte[3]).Pixels(rows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("multiple of 3", Fails(new PngBuilder().Header(2, 1, 4, 3).Chunk("PLTE", new byte[4]).Pixels(rows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("1 to 16 entries", Fails(new PngBuilder().Header(2, 1, 4, 3).Chunk("PLTE", new byte[3 * 17]).Pixels(rows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("duplicate PLTE", Fails(new PngBuilder().Header(2, 1, 4, 3).Chunk("PLTE", new byte[9]).Chunk("PLTE", new byte[9]).Pixels(rows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("before tRNS and IDAT", Fails(new PngBuilder().Header(2, 1, 4, 3).Pixels(rows).Chunk("PLTE", new byte[9]).End().ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Palette_index_out_of_range_names_the_pixel()
    {
        byte[] file = new PngBuilder().Header(2, 1, 4, 3).Chunk("PLTE", new byte[6]).Pixels([0, 0x12]).End().ToArray();
        Assert.Contains("palette index 2 at pixel (1, 0)", Fails(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Transparency_rules_are_enforced()
    {
        Assert.Contains("2 bytes for gray", Fails(new PngBuilder().Header(1, 1, 8, 0).Chunk("tRNS", new byte[6]).Pixels([0, 0]).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("6 bytes for RGB", Fails(Rgb3x2().Chunk("tRNS", new byte[2]).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("no tRNS", Fails(new PngBuilder().Header(1, 1, 8, 6).Chunk("tRNS", new byte[2]).Pixels([0, 1, 2, 3, 4]).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("at most 2 bytes", Fails(new PngBuilder().Header(1, 1, 8, 3).Chunk("PLTE", new byte[6]).Chunk("tRNS", new byte[3]).Pixels([0, 0]).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("preceding PLTE", Fails(new PngBuilder().Header(1, 1, 8, 3).Chunk("tRNS", new byte[1]).Chunk("PLTE", new byte[6]).Pixels([0, 0]).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("before IDAT", Fails(Rgb3x2().Pixels(RgbRows).Chunk("tRNS", new byte[6]).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("duplicate tRNS", Fails(Rgb3x2().Chunk("tRNS", new byte[6]).Chunk("tRNS", new byte[6]).Pixels(RgbRows).End().ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Idat_must_exist_and_be_consecutive()
    {
        Assert.Contains("no IDAT", Fails(Rgb3x2().End().ToArray()), StringComparison.Ordinal);
        byte[] z = PngBuilder.Zlib(RgbRows);
        byte[] split = Rgb3x2().Chunk("IDAT", z[..5]).Chunk("tEXt", "a\0b"u8.ToArray()).Chunk("IDAT", z[5..]).End().ToArray();
        Assert.Contains("consecutive", Fails(split), StringComparison.Ordinal);
        byte[] joined = Rgb3x2().Chunk("IDAT", z[..5]).Chunk("IDAT", []).Chunk("IDAT", z[5..]).End().ToArray();
        Assert.Equal(RgbRows[11..], PngDecoder.Decode(joined).Data[9..]);
    }

    [Fact]
    public void Corrupt_short_or_unchecked_zlib_data_is_rejected()
    {
        Assert.Contains("not a valid zlib stream", Fails(Rgb3x2().Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF]).End().ToArray()), StringComparison.Ordinal);
        Assert.Contains("ends after 10 decompressed bytes; the image needs 20", Fails(Rgb3x2().Pixels(RgbRows[..10]).End().ToArray()), StringComparison.Ordinal);
        byte[] z = PngBuilder.Zlib(RgbRows);
        z[^1] ^= 0x55;
        Assert.Contains("zlib", Fails(Rgb3x2().Chunk("IDAT", z).End().ToArray()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x78, 0xBB, 0, 0, 0, 1, 0x63, 0 })]
    [InlineData(new byte[] { 0x79, 0x9C, 0x63, 0 })]
    [InlineData(new byte[] { 0x78, 0x9D, 0x63, 0 })]
    [InlineData(new byte[] { 0x78 })]
    [InlineData(new byte[0])]
    public void Bad_zlib_headers_are_rejected(byte[] idat)
    {
        Assert.Contains("IDAT", Fails(Rgb3x2().Chunk("IDAT", idat).End().ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_type_above_4_names_the_row()
    {
        byte[] rows = (byte[])RgbRows.Clone();
        rows[10] = 5;
        Assert.Contains("filter type 5 on image row 1", Fails(Rgb3x2().Pixels(rows).End().ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_iend_extra_zlib_data_and_bytes_after_iend_are_tolerated()
    {
        byte[] expected = PngDecoder.Decode(Rgb3x2().Pixels(RgbRows).End().ToArray()).Data;
        Assert.Equal(expected, PngDecoder.Decode(Rgb3x2().Pixels(RgbRows).ToArray()).Data);
        Assert.Equal(expected, PngDecoder.Decode(Rgb3x2().Pixels([.. RgbRows, 0, 0, 0]).End().ToArray()).Data);
        Assert.Equal(expected, PngDecoder.Decode(Rgb3x2().Pixels(RgbRows).End().Raw([1, 2, 3]).ToArray()).Data);
    }

    [Fact]
    public void A_decompression_bomb_is_read_only_as_far_as_the_image_needs()
    {
        byte[] bomb = PngBuilder.Zlib(new byte[50_000_000]);
        byte[] file = new PngBuilder().Header(1, 1, 8, 0).Chunk("IDAT", bomb).End().ToArray();
        var image = PngDecoder.Decode(file);

        Assert.Equal(new byte[] { 0 }, image.Data);
        Assert.True(bomb.Length < 100_000);
    }

    [Fact]
    public void Offsets_in_messages_point_at_the_chunk()
    {
        byte[] file = Rgb3x2().Chunk("tEXt", "k\0v"u8.ToArray()).Chunk("IDAT", PngBuilder.Zlib(RgbRows), crc: 7).End().ToArray();
        int offset = 8 + 25 + 15;
        Assert.Equal(0x49444154u, BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset + 4)));
        Assert.Contains($"offset {offset}", Fails(file), StringComparison.Ordinal);
    }
}
