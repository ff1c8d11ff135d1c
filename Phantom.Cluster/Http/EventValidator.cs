using System.Text.Json;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;

namespace Phantom.Cluster.Http;

/// <summary>
/// Checks a submitted interaction event with the pipeline's own codec (<see cref="InteractionEventParser"/>), so the
/// API accepts exactly what the parse stage would, and turns a rejection into field errors. The codec stops at the
/// first problem; only for a wrong field type (where it does not say which field) this looks at the JSON again, on
/// the error path only. Thread-safe: a parser (which owns a scratch buffer) per thread.
/// </summary>
public sealed class EventValidator
{
    // Fields of CONTRACTS.md "Interaction event" that must be strings when present.
    private static readonly string[] StringFields = ["sessionId", "experimentId", "eventName", "page", "productId", "storeMode", "userAgent", "ts"];

    private readonly ThreadLocal<InteractionEventParser> _parsers;

    public EventValidator(CodecOptions options, ProductCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        MaxEventBytes = options.MaxEventBytes;
        _parsers = new ThreadLocal<InteractionEventParser>(() => new InteractionEventParser(options, catalog));
    }

    public int MaxEventBytes { get; }

    /// <summary>How far ahead of the server clock an ingested event's <c>ts</c> may be (clock skew between hosts).</summary>
    public const long MaxFutureSkewMs = 5 * 60_000;

    /// <summary>True when the codec accepts <paramref name="record"/>; otherwise the reason and the field errors.</summary>
    public bool Validate(ReadOnlySpan<byte> record, out RejectReason reason, out IReadOnlyList<FieldError> errors, int? index = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (_parsers.Value!.TryParse(record, now, out var e, out reason))
        {
            if (e.TimestampMs > now + MaxFutureSkewMs)
            {
                // Event time drives passivation, price expiry and the global price step: one event from the far
                // future would expire every price and stop global pricing, so the ingest API refuses it.
                reason = RejectReason.BadTimestamp;
                errors = [new FieldError("ts", "future_timestamp", index)];
                return false;
            }

            errors = [];
            return true;
        }

        errors = ErrorsOf(record, reason, index);
        return false;
    }

    /// <summary>The field a codec rejection is about; <c>body</c> for problems with the record as a whole.</summary>
    public static string FieldOf(RejectReason reason) => reason switch
    {
        RejectReason.MissingSessionId or RejectReason.SessionIdTooLong => "sessionId",
        RejectReason.MissingEventName or RejectReason.UnknownEventName => "eventName",
        RejectReason.MissingPage => "page",
        RejectReason.MissingStoreMode or RejectReason.UnknownStoreMode => "storeMode",
        RejectReason.BadTimestamp => "ts",
        _ => "body",
    };

    private static IReadOnlyList<FieldError> ErrorsOf(ReadOnlySpan<byte> record, RejectReason reason, int? index)
    {
        var wire = reason.ToWire();
        if (reason != RejectReason.WrongFieldType)
        {
            return [new FieldError(FieldOf(reason), wire, index)];
        }

        var errors = new List<FieldError>();
        try
        {
            using var document = JsonDocument.Parse(record.ToArray());
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var kind = property.Value.ValueKind;
                if (kind == JsonValueKind.Null)
                {
                    continue;
                }

                var wrong = property.Name == "metadata" ? kind != JsonValueKind.Object
                    : Array.IndexOf(StringFields, property.Name) >= 0 && kind != JsonValueKind.String;
                if (wrong)
                {
                    errors.Add(new FieldError(property.Name, wire, index));
                }
            }
        }
        catch (JsonException)
        {
            // The codec read it as JSON; if this reader disagrees, the whole-record answer below still holds.
        }

        return errors.Count > 0 ? errors : [new FieldError("body", wire, index)];
    }
}
