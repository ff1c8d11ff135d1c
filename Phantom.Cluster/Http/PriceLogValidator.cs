using System.Text.Json;
using Phantom.Streams.Codec;

namespace Phantom.Cluster.Http;

/// <summary>
/// Checks a price log (CONTRACTS.md: <c>{"productId","price","sessionId","experimentId"?,"storeMode","ts"?}</c>) and
/// lists every field error at once. Price logs go to their own topic and no stage parses them here, so this is their
/// only validation.
/// </summary>
public static class PriceLogValidator
{
    /// <summary>Every problem with <paramref name="record"/>; empty when valid. The product id comes back for the topic key.</summary>
    public static IReadOnlyList<FieldError> Validate(ReadOnlySpan<byte> record, int maxBytes, out string? productId)
    {
        productId = null;
        if (record.IsEmpty)
        {
            return [new FieldError("body", "empty")];
        }

        if (record.Length > maxBytes)
        {
            return [new FieldError("body", "oversize")];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.ToArray());
        }
        catch (JsonException)
        {
            return [new FieldError("body", "malformed_json")];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [new FieldError("body", "not_an_object")];
            }

            var errors = new List<FieldError>();
            productId = RequiredString(root, "productId", errors);
            RequiredString(root, "sessionId", errors);
            var mode = RequiredString(root, "storeMode", errors);
            if (mode is not null and not "hotel" and not "airline")
            {
                errors.Add(new FieldError("storeMode", "unknown_store_mode"));
            }

            if (!root.TryGetProperty("price", out var price) || price.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new FieldError("price", "missing_price"));
            }
            else if (price.ValueKind != JsonValueKind.Number)
            {
                errors.Add(new FieldError("price", "wrong_field_type"));
            }
            else if (!price.TryGetDouble(out var p) || !double.IsFinite(p) || p <= 0)
            {
                errors.Add(new FieldError("price", "not_a_positive_price"));
            }

            if (root.TryGetProperty("experimentId", out var experiment) && experiment.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                errors.Add(new FieldError("experimentId", "wrong_field_type"));
            }

            if (root.TryGetProperty("ts", out var ts) && ts.ValueKind != JsonValueKind.Null)
            {
                if (ts.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new FieldError("ts", "wrong_field_type"));
                }
                else if (!IsoTimestamp.TryParseUnixMs(System.Text.Encoding.UTF8.GetBytes(ts.GetString()!), out _))
                {
                    errors.Add(new FieldError("ts", "bad_timestamp"));
                }
            }

            return errors;
        }
    }

    private static string? RequiredString(JsonElement root, string name, List<FieldError> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new FieldError(name, "missing_" + ToSnake(name)));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, "wrong_field_type"));
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0)
        {
            errors.Add(new FieldError(name, "missing_" + ToSnake(name)));
            return null;
        }

        return text;
    }

    private static string ToSnake(string camel) => camel switch
    {
        "productId" => "product_id",
        "sessionId" => "session_id",
        "storeMode" => "store_mode",
        _ => camel,
    };
}
