using System.Buffers;
using System.Text;
using System.Text.Json;
using Phantom.Streams.Codec;
using Phantom.Streams.Events;
using static Phantom.Tests.Codec.CodecTestData;

namespace Phantom.Tests.Codec;

public class InteractionEventWriterTests
{
    [Fact]
    public void Write_AllFields_ProducesContractJson()
    {
        var fields = InteractionEventFields.Create("sess-1"u8, EventName.AddItemToCart, "/hotel/products/hotel-deluxe-03"u8, StoreMode.Hotel);
        fields.ExperimentId = "xp"u8;
        fields.ProductId = "hotel-deluxe-03"u8;
        fields.UserAgent = "Mozilla/5.0 Firefox/121.0"u8;
        fields.TimestampMs = 1_764_102_091_823;
        fields.Price = 151.25;
        fields.BasePrice = 140;
        fields.DwellMs = 900;
        fields.DateIndex = 3;
        fields.ElementText = "Deluxe Room"u8;

        var json = new InteractionEventWriter().ToUtf8Bytes(fields);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("sess-1", root.GetProperty("sessionId").GetString());
        Assert.Equal("xp", root.GetProperty("experimentId").GetString());
        Assert.Equal("add_item_to_cart", root.GetProperty("eventName").GetString());
        Assert.Equal("/hotel/products/hotel-deluxe-03", root.GetProperty("page").GetString());
        Assert.Equal("hotel-deluxe-03", root.GetProperty("productId").GetString());
        Assert.Equal("hotel", root.GetProperty("storeMode").GetString());
        Assert.Equal("Mozilla/5.0 Firefox/121.0", root.GetProperty("userAgent").GetString());
        Assert.Equal("2025-11-25T20:21:31.823Z", root.GetProperty("ts").GetString());
        var metadata = root.GetProperty("metadata");
        Assert.Equal(151.25, metadata.GetProperty("price").GetDouble());
        Assert.Equal(140, metadata.GetProperty("base_price").GetDouble());
        Assert.Equal(900, metadata.GetProperty("dwellTime").GetDouble());
        Assert.Equal(3, metadata.GetProperty("dateIndex").GetInt32());
        Assert.Equal("Deluxe Room", metadata.GetProperty("elementText").GetString());
    }

    [Fact]
    public void Write_OnlyRequiredFields_LeavesOptionalOutAndProductNull()
    {
        var fields = InteractionEventFields.Create("s"u8, EventName.PageView, "/airline"u8, StoreMode.Airline);

        var json = new InteractionEventWriter().ToUtf8Bytes(fields);

        Assert.Equal("""{"sessionId":"s","eventName":"page_view","page":"/airline","productId":null,"storeMode":"airline"}""", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void WriteThenParse_EveryEventNameAndMode_RoundTrips()
    {
        var catalog = NewCatalog();
        var parser = NewParser(catalog);
        var writer = new InteractionEventWriter();
        var options = new CodecOptions();
        var agentXp = Encoding.UTF8.GetBytes(options.AgentExperimentId);
        for (var i = 0; i < EventNames.WireCount; i++)
        {
            var name = (EventName)i;
            var mode = i % 2 == 0 ? StoreMode.Hotel : StoreMode.Airline;
            var productId = mode == StoreMode.Hotel ? "hotel-junior-05"u8 : "airline-fl10-14"u8;
            var fields = InteractionEventFields.Create(Encoding.UTF8.GetBytes($"session-{i}"), name, "/store/page"u8, mode);
            fields.ExperimentId = agentXp;
            fields.ProductId = productId;
            fields.TimestampMs = 1_700_000_000_000 + (i * 1_234);
            fields.Price = 100 + i;
            fields.BasePrice = 90 + i;
            fields.DwellMs = i * 10.5;
            fields.UserAgent = "Mozilla/5.0 HeadlessChrome/120"u8;

            var record = writer.ToUtf8Bytes(fields);
            var e = ParseOk(parser, record);

            Assert.Equal(Utf8Hash.Of($"session-{i}"), e.SessionKey);
            Assert.Equal($"session-{i}", Text(e.SessionId, record));
            Assert.Equal(name, e.Name);
            Assert.Equal(mode, e.Mode);
            Assert.Equal(GroundTruth.Agent, e.Truth);
            Assert.Equal(Utf8Hash.Of("/store/page"), e.PageHash);
            Assert.True(catalog.TryGet(productId, out var product));
            Assert.Equal(product.Index, e.ProductIndex);
            Assert.Equal(1_700_000_000_000 + (i * 1_234), e.TimestampMs);
            Assert.Equal(100.0 + i, e.Price);
            Assert.Equal(90.0 + i, e.BasePrice);
            Assert.Equal(i * 10.5, e.DwellMs);
            Assert.Equal(UserAgentFlags.Present | UserAgentFlags.Headless | UserAgentFlags.FamilyChrome, e.UserAgent);
        }
    }

    [Fact]
    public void WriteThenParse_QuotesBackslashesControlCharsAndUnicode_RoundTrip()
    {
        const string session = "a\"b\\c\nd\te-é-会-🙂";
        var fields = InteractionEventFields.Create(Encoding.UTF8.GetBytes(session), EventName.Search, "/search?q=\"x\""u8, StoreMode.Hotel);

        var record = new InteractionEventWriter().ToUtf8Bytes(fields);
        var e = ParseOk(NewParser(), record);

        Assert.Equal(Utf8Hash.Of(session), e.SessionKey);
        Assert.Equal(Utf8Hash.Of("/search?q=\"x\""), e.PageHash);
        // Non-ASCII in the basic plane stays raw UTF-8 (relaxed escaping); the encoder still escapes emoji.
        Assert.Contains("é-会-", Encoding.UTF8.GetString(record), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IntoReusedBufferWriter_AppendsEachEvent()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new InteractionEventWriter();
        var first = InteractionEventFields.Create("one"u8, EventName.PageView, "/a"u8, StoreMode.Hotel);
        var second = InteractionEventFields.Create("two"u8, EventName.Search, "/b"u8, StoreMode.Airline);

        var n1 = writer.Write(buffer, first);
        var n2 = writer.Write(buffer, second);

        Assert.Equal(n1 + n2, buffer.WrittenCount);
        var parser = NewParser();
        var record1 = buffer.WrittenSpan[..n1].ToArray();
        var record2 = buffer.WrittenSpan[n1..].ToArray();
        Assert.Equal(Utf8Hash.Of("one"), ParseOk(parser, record1).SessionKey);
        Assert.Equal(Utf8Hash.Of("two"), ParseOk(parser, record2).SessionKey);
    }

    [Fact]
    public void Write_NonFiniteNumberOrOutOfRangeTimestamp_Throws()
    {
        var writer = new InteractionEventWriter();

        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var infinite = InteractionEventFields.Create("s"u8, EventName.PageView, "/"u8, StoreMode.Hotel);
            infinite.Price = double.PositiveInfinity;
            return writer.ToUtf8Bytes(infinite);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var farFuture = InteractionEventFields.Create("s"u8, EventName.PageView, "/"u8, StoreMode.Hotel);
            farFuture.TimestampMs = long.MaxValue;
            return writer.ToUtf8Bytes(farFuture);
        });
    }
}
