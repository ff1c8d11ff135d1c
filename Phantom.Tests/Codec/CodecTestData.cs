using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Codec;

/// <summary>Records and a parser harness shared by the codec tests.</summary>
internal static class CodecTestData
{
    /// <summary>The real production event quoted in CONTRACTS.md, verbatim (one line).</summary>
    public const string ContractExample =
        """{"sessionId":"d423ce8a-77aa-4c9a-94d4-d1adddcc3472","experimentId":"53aefd07-f66a-4d7f-ba8b-7ea1fc562d35","eventName":"hover_over_title","page":"/hotel/products","productId":"51266ddb-5b07-47b7-89ee-5b5cae94bb11","metadata":{"elementText":"Superior Room","dateIndex":1,"dwellTime":1200},"storeMode":"hotel","ts":"2025-11-25T20:21:31.823Z"}""";

    /// <summary>A minimal valid event; <paramref name="extra"/> is spliced in as further fields.</summary>
    public static string Minimal(string extra = "") =>
        "{\"sessionId\":\"s-1\",\"eventName\":\"page_view\",\"page\":\"/hotel\",\"storeMode\":\"hotel\"" + extra + "}";

    public const long IngestMs = 1_700_000_000_000;

    public static ProductCatalog NewCatalog() => new(new CatalogOptions());

    public static InteractionEventParser NewParser(ProductCatalog? catalog = null, CodecOptions? options = null) =>
        new(options ?? new CodecOptions(), catalog ?? NewCatalog());

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static InteractionEvent ParseOk(InteractionEventParser parser, byte[] record)
    {
        var ok = parser.TryParse(record, IngestMs, out var e, out var reason);
        Assert.Equal(RejectReason.None, reason);
        Assert.True(ok);
        return e;
    }

    public static RejectReason ParseBad(InteractionEventParser parser, byte[] record)
    {
        var ok = parser.TryParse(record, IngestMs, out var e, out var reason);
        Assert.False(ok);
        Assert.NotEqual(RejectReason.None, reason);
        Assert.Equal(-1, e.ProductIndex);
        return reason;
    }

    public static string Text(Utf8Slice slice, byte[] record) => Encoding.UTF8.GetString(slice.In(record));
}
