using System.Buffers;
using System.Text.Json;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Pricing;

namespace Phantom.Streams.Kafka;

/// <summary>
/// The CONTRACTS.md <c>prices</c> record: <c>{sessionId, productId, price, basePrice, markup, agentProbability,
/// demand, policy, modelVersion, ts}</c> (productId null when the product is unknown to the catalog).
/// </summary>
public static class PriceRecordWriter
{
    /// <summary>Writes <paramref name="update"/> as one JSON object to <paramref name="json"/>.</summary>
    public static void Write(Utf8JsonWriter json, in PriceUpdate update, ProductCatalog catalog, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(catalog);
        json.WriteStartObject();
        json.WriteString("sessionId"u8, update.SessionId);
        if (update.ProductIndex >= 0 && update.ProductIndex < catalog.Count)
        {
            json.WriteString("productId"u8, catalog[update.ProductIndex].Id);
        }
        else
        {
            json.WriteNull("productId"u8);
        }

        json.WriteNumber("price"u8, update.Price);
        json.WriteNumber("basePrice"u8, update.BasePrice);
        json.WriteNumber("markup"u8, update.Markup);
        json.WriteNumber("agentProbability"u8, update.AgentProbability);
        json.WriteNumber("demand"u8, update.Demand);
        json.WriteString("policy"u8, update.ShieldFallback ? "baseline" : PolicyRegistry.NameOf(update.PolicyId));
        json.WriteString("modelVersion"u8, modelVersion);
        Span<byte> ts = stackalloc byte[32];
        if (IsoTimestamp.TryFormatUnixMs(update.TimestampMs, ts, out var written))
        {
            json.WriteString("ts"u8, ts[..written]);
        }
        else
        {
            json.WriteNull("ts"u8);
        }

        json.WriteEndObject();
    }

    /// <summary>The record as a new byte array (tests, tools).</summary>
    public static byte[] ToBytes(in PriceUpdate update, ProductCatalog catalog, string modelVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, update, catalog, modelVersion);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
