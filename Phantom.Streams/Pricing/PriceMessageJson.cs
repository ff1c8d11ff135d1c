using System.Buffers;
using System.Text.Json;
using Phantom.Streams.Codec;
using Phantom.Streams.Catalog;

namespace Phantom.Streams.Pricing;

/// <summary>
/// The JSON of one price change, as the <c>prices</c> topic and the Redis <c>prices</c> channel carry it
/// (CONTRACTS.md): <c>{sessionId, productId, price, basePrice, markup, agentProbability, demand, policy,
/// modelVersion, ts}</c>, and of the <c>prices:latest</c> records. One writer for every sink, so the channel and the
/// topic never disagree on a field name.
/// </summary>
public static class PriceMessageJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>Writes one price message into <paramref name="buffer"/>; <paramref name="productId"/> may be null (no product).</summary>
    /// <summary>Writes one price change; <c>policy</c> says <c>baseline</c> when the shield fell back to the base price.</summary>
    public static void Write(Utf8JsonWriter json, in PriceUpdate update, string? productId, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("sessionId"u8, update.SessionId);
        if (productId is null)
        {
            json.WriteNull("productId"u8);
        }
        else
        {
            json.WriteString("productId"u8, productId);
        }

        WriteFinite(json, "price"u8, update.Price);
        WriteFinite(json, "basePrice"u8, update.BasePrice);
        WriteFinite(json, "markup"u8, update.Markup);
        WriteFinite(json, "agentProbability"u8, update.AgentProbability);
        WriteFinite(json, "demand"u8, update.Demand);
        json.WriteString("policy"u8, update.ShieldFallback ? "baseline" : PolicyRegistry.NameOf(update.PolicyId));
        json.WriteString("modelVersion"u8, modelVersion);
        Span<byte> ts = stackalloc byte[IsoTimestamp.FormattedLength];
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

    /// <summary>The message as a new byte array (one per price change: the Redis client keeps it until sent).</summary>
    public static byte[] ToBytes(in PriceUpdate update, string? productId, string modelVersion)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(json, update, productId, modelVersion);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The catalog id of a price's product, or null for an index outside the catalog.</summary>
    public static string? ProductIdOf(ProductCatalog catalog, int productIndex)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return (uint)productIndex < (uint)catalog.Count ? catalog[productIndex].Id : null;
    }

    /// <summary>The <c>prices:latest</c> value: <c>[{productId, current_price, base_price, optimal_price, demand_score}]</c>.</summary>
    public static byte[] LatestToBytes(IReadOnlyList<GlobalPriceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var buffer = new ArrayBufferWriter<byte>(64 + (records.Count * 112));
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteString("productId"u8, record.ProductId);
                WriteFinite(json, "current_price"u8, record.CurrentPrice);
                WriteFinite(json, "base_price"u8, record.BasePrice);
                WriteFinite(json, "optimal_price"u8, record.OptimalPrice);
                WriteFinite(json, "demand_score"u8, record.DemandScore);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // JSON has no NaN or infinity; the shield keeps prices finite, but a bad demand figure must not break the record.
    private static void WriteFinite(Utf8JsonWriter json, ReadOnlySpan<byte> name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
