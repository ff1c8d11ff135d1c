using System.Globalization;
using System.Text;
using System.Text.Json;
using Phantom.Streams.Catalog;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;

namespace Phantom.Streams.Codec;

/// <summary>
/// Parses one CONTRACTS.md interaction event from its UTF-8 JSON bytes into an <see cref="InteractionEvent"/> without
/// allocating: names are compared as bytes, identifiers are hashed, and strings stay where they are, as
/// <see cref="Utf8Slice"/>s into the record.
/// </summary>
/// <remarks>
/// <para>
/// Hashes (<see cref="InteractionEvent.SessionKey"/>, <see cref="InteractionEvent.PageHash"/>, the product lookup) and
/// comparisons are over the UNESCAPED bytes, so <c>"a\u0062c"</c> and <c>"abc"</c> are the same session. The slices,
/// however, point at the raw bytes between the quotes, which for a string with escapes are still escaped: a consumer
/// that materialises a slice of such a string must unescape it (for the storefront's UUIDs and paths this never
/// happens). <c>MaxSessionIdBytes</c> is checked on the unescaped length.
/// </para>
/// <para>
/// Null is treated as absent for every field (a required field that is null is missing). Duplicate fields: the last
/// one wins, except that a field of the wrong type rejects the record wherever it occurs. Unknown fields are
/// skipped. When several things are wrong, the reason reported is the first of: malformed JSON (the whole record is
/// read before anything is validated), not an object, wrong field type, then the required fields in contract order.
/// An empty <c>page</c> counts as missing, as an empty <c>sessionId</c> does; an empty <c>productId</c> names no product.
/// </para>
/// <para>
/// A product is looked up (and, when new, registered with <c>metadata.base_price</c>) only for accepted events that
/// are not admin pages, so rejected and ignored records never grow the catalog.
/// </para>
/// <para>
/// An instance holds a scratch buffer for unescaping, so it belongs to one thread (one per shard), like the stage
/// that owns it.
/// </para>
/// </remarks>
public sealed class InteractionEventParser
{
    private readonly ProductCatalog _catalog;
    private readonly int _maxEventBytes;
    private readonly int _maxSessionIdBytes;
    private readonly byte[] _humanExperimentId;
    private readonly byte[] _agentExperimentId;

    // Unescaped text is never longer than its escaped form, so a record-sized buffer always suffices.
    private readonly byte[] _scratch;

    public InteractionEventParser(CodecOptions options, ProductCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEventBytes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSessionIdBytes, 1);
        _catalog = catalog;
        _maxEventBytes = options.MaxEventBytes;
        _maxSessionIdBytes = options.MaxSessionIdBytes;
        _humanExperimentId = Encoding.UTF8.GetBytes(options.HumanExperimentId ?? "");
        _agentExperimentId = Encoding.UTF8.GetBytes(options.AgentExperimentId ?? "");
        _scratch = new byte[options.MaxEventBytes];
    }

    private enum Field : byte
    {
        Unknown,
        SessionId,
        ExperimentId,
        EventName,
        Page,
        ProductId,
        Metadata,
        StoreMode,
        UserAgent,
        Timestamp,
    }

    private enum MetadataField : byte
    {
        Unknown,
        Price,
        BasePrice,
        DwellTime,
    }

    private enum Presence : byte
    {
        Missing,
        Invalid,
        Valid,
    }

    /// <summary>
    /// Parses <paramref name="record"/>. On success <paramref name="reason"/> is <see cref="RejectReason.None"/>; on
    /// failure the event is blank (<see cref="Blank"/>) and <paramref name="reason"/> says why. Never throws.
    /// </summary>
    /// <param name="record">One event's UTF-8 JSON; surrounding whitespace (a JSON-lines newline) is allowed.</param>
    /// <param name="ingestTimeMs">Unix milliseconds to use when the event has no <c>ts</c>.</param>
    public bool TryParse(ReadOnlySpan<byte> record, long ingestTimeMs, out InteractionEvent e, out RejectReason reason)
    {
        e = Blank();
        if (record.IsEmpty)
        {
            reason = RejectReason.Empty;
            return false;
        }

        if (record.Length > _maxEventBytes)
        {
            reason = RejectReason.Oversize;
            return false;
        }

        try
        {
            reason = ParseCore(record, ingestTimeMs, ref e);
        }
        catch (JsonException)
        {
            reason = record.Trim(" \t\r\n"u8).IsEmpty ? RejectReason.Empty : RejectReason.MalformedJson;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.CopyString on an escape that is not valid UTF-16 (a lone surrogate, "\uD800").
            reason = RejectReason.MalformedJson;
        }

        if (reason == RejectReason.None)
        {
            return true;
        }

        e = Blank();
        return false;
    }

    /// <summary>An event with nothing in it: no product (-1), NaN prices and dwell time.</summary>
    public static InteractionEvent Blank() => new()
    {
        ProductIndex = -1,
        Price = double.NaN,
        BasePrice = double.NaN,
        DwellMs = double.NaN,
    };

    private RejectReason ParseCore(ReadOnlySpan<byte> record, long ingestTimeMs, ref InteractionEvent e)
    {
        var reader = new Utf8JsonReader(record, isFinalBlock: true, state: default);
        if (!reader.Read())
        {
            return RejectReason.MalformedJson;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Read the value through so that broken JSON is reported as such, not as a mere non-object.
            reader.Skip();
            return reader.Read() ? RejectReason.MalformedJson : RejectReason.NotAnObject;
        }

        var wrongType = false;
        var session = Presence.Missing;
        var sessionIdBytes = 0;
        var name = Presence.Missing;
        var page = Presence.Missing;
        var mode = Presence.Missing;
        var timestamp = Presence.Missing;
        var productEscaped = false;

        while (true)
        {
            if (!reader.Read())
            {
                return RejectReason.MalformedJson;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var field = IdentifyField(ref reader);
            if (!reader.Read())
            {
                return RejectReason.MalformedJson;
            }

            var token = reader.TokenType;
            if (token == JsonTokenType.Null)
            {
                switch (field)
                {
                    case Field.SessionId:
                        session = Presence.Missing;
                        e.SessionId = Utf8Slice.Empty;
                        e.SessionKey = 0;
                        break;
                    case Field.ExperimentId:
                        e.ExperimentId = Utf8Slice.Empty;
                        e.Truth = GroundTruth.Unknown;
                        break;
                    case Field.EventName:
                        name = Presence.Missing;
                        break;
                    case Field.Page:
                        page = Presence.Missing;
                        break;
                    case Field.ProductId:
                        e.ProductId = Utf8Slice.Empty;
                        break;
                    case Field.Metadata:
                        e.Price = e.BasePrice = e.DwellMs = double.NaN;
                        break;
                    case Field.StoreMode:
                        mode = Presence.Missing;
                        break;
                    case Field.UserAgent:
                        e.UserAgent = UserAgentFlags.None;
                        break;
                    case Field.Timestamp:
                        timestamp = Presence.Missing;
                        break;
                }

                continue;
            }

            if (field == Field.Unknown)
            {
                reader.Skip();
                continue;
            }

            if (field == Field.Metadata)
            {
                if (token == JsonTokenType.StartObject)
                {
                    ReadMetadata(ref reader, ref e);
                }
                else
                {
                    wrongType = true;
                    reader.Skip();
                }

                continue;
            }

            if (token != JsonTokenType.String)
            {
                wrongType = true;
                reader.Skip();
                continue;
            }

            var slice = new Utf8Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
            switch (field)
            {
                case Field.SessionId:
                {
                    var value = Unescaped(ref reader);
                    sessionIdBytes = value.Length;
                    session = value.IsEmpty ? Presence.Missing : Presence.Valid;
                    e.SessionKey = Utf8Hash.Of(value);
                    e.SessionId = slice;
                    break;
                }

                case Field.ExperimentId:
                {
                    var value = Unescaped(ref reader);
                    e.ExperimentId = slice;
                    e.Truth = !value.IsEmpty && value.SequenceEqual(_humanExperimentId) ? GroundTruth.Human
                        : !value.IsEmpty && value.SequenceEqual(_agentExperimentId) ? GroundTruth.Agent
                        : GroundTruth.Unknown;
                    break;
                }

                case Field.EventName:
                    name = EventNames.TryParse(Unescaped(ref reader), out e.Name) ? Presence.Valid : Presence.Invalid;
                    break;

                case Field.Page:
                {
                    var value = Unescaped(ref reader);
                    page = value.IsEmpty ? Presence.Missing : Presence.Valid;
                    e.Page = slice;
                    e.PageHash = Utf8Hash.Of(value);
                    e.IsAdminPage = value.StartsWith("/admin/"u8);
                    break;
                }

                case Field.ProductId:
                    e.ProductId = slice;
                    productEscaped = reader.ValueIsEscaped;
                    break;

                case Field.StoreMode:
                {
                    var value = Unescaped(ref reader);
                    if (value.SequenceEqual("hotel"u8))
                    {
                        e.Mode = StoreMode.Hotel;
                        mode = Presence.Valid;
                    }
                    else if (value.SequenceEqual("airline"u8))
                    {
                        e.Mode = StoreMode.Airline;
                        mode = Presence.Valid;
                    }
                    else
                    {
                        mode = Presence.Invalid;
                    }

                    break;
                }

                case Field.UserAgent:
                    e.UserAgent = UserAgentClassifier.Classify(Unescaped(ref reader));
                    break;

                case Field.Timestamp:
                    timestamp = IsoTimestamp.TryParseUnixMs(Unescaped(ref reader), out e.TimestampMs)
                        ? Presence.Valid
                        : Presence.Invalid;
                    break;
            }
        }

        // Anything after the object other than whitespace makes Read throw (a single JSON value is expected).
        if (reader.Read())
        {
            return RejectReason.MalformedJson;
        }

        if (wrongType)
        {
            return RejectReason.WrongFieldType;
        }

        if (session != Presence.Valid)
        {
            return RejectReason.MissingSessionId;
        }

        if (sessionIdBytes > _maxSessionIdBytes)
        {
            return RejectReason.SessionIdTooLong;
        }

        if (name != Presence.Valid)
        {
            return name == Presence.Missing ? RejectReason.MissingEventName : RejectReason.UnknownEventName;
        }

        if (page != Presence.Valid)
        {
            return RejectReason.MissingPage;
        }

        if (mode != Presence.Valid)
        {
            return mode == Presence.Missing ? RejectReason.MissingStoreMode : RejectReason.UnknownStoreMode;
        }

        if (timestamp == Presence.Invalid)
        {
            return RejectReason.BadTimestamp;
        }

        if (timestamp == Presence.Missing)
        {
            e.TimestampMs = ingestTimeMs;
        }

        if (!e.ProductId.IsEmpty && !e.IsAdminPage)
        {
            e.ProductIndex = ResolveProduct(record, e.ProductId, productEscaped, e.Mode, e.BasePrice);
        }

        return RejectReason.None;
    }

    private void ReadMetadata(ref Utf8JsonReader reader, ref InteractionEvent e)
    {
        // A later metadata object replaces an earlier one wholesale (last wins), so start from absent.
        e.Price = e.BasePrice = e.DwellMs = double.NaN;
        while (true)
        {
            if (!reader.Read())
            {
                throw new JsonException("metadata ended early");
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var field = IdentifyMetadataField(ref reader);
            if (!reader.Read())
            {
                throw new JsonException("metadata ended early");
            }

            if (field == MetadataField.Unknown)
            {
                reader.Skip();
                continue;
            }

            var value = ReadNumber(ref reader);
            switch (field)
            {
                case MetadataField.Price:
                    e.Price = value;
                    break;
                case MetadataField.BasePrice:
                    e.BasePrice = value;
                    break;
                case MetadataField.DwellTime:
                    e.DwellMs = value;
                    break;
            }
        }
    }

    /// <summary>A number or numeric string as a finite double; NaN for anything else (metadata is free form).</summary>
    private double ReadNumber(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var number) && double.IsFinite(number) ? number : double.NaN;
            case JsonTokenType.String:
                return double.TryParse(Unescaped(ref reader), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                       && double.IsFinite(parsed)
                    ? parsed
                    : double.NaN;
            default:
                reader.Skip();
                return double.NaN;
        }
    }

    private Field IdentifyField(ref Utf8JsonReader reader)
    {
        var name = Unescaped(ref reader);
        return name.Length switch
        {
            2 when name.SequenceEqual("ts"u8) => Field.Timestamp,
            4 when name.SequenceEqual("page"u8) => Field.Page,
            8 when name.SequenceEqual("metadata"u8) => Field.Metadata,
            9 when name.SequenceEqual("sessionId"u8) => Field.SessionId,
            9 when name.SequenceEqual("eventName"u8) => Field.EventName,
            9 when name.SequenceEqual("productId"u8) => Field.ProductId,
            9 when name.SequenceEqual("storeMode"u8) => Field.StoreMode,
            9 when name.SequenceEqual("userAgent"u8) => Field.UserAgent,
            12 when name.SequenceEqual("experimentId"u8) => Field.ExperimentId,
            _ => Field.Unknown,
        };
    }

    private MetadataField IdentifyMetadataField(ref Utf8JsonReader reader)
    {
        var name = Unescaped(ref reader);
        return name.Length switch
        {
            5 when name.SequenceEqual("price"u8) => MetadataField.Price,
            9 when name.SequenceEqual("dwellTime"u8) => MetadataField.DwellTime,
            10 when name.SequenceEqual("base_price"u8) => MetadataField.BasePrice,
            _ => MetadataField.Unknown,
        };
    }

    /// <summary>The current string or property name without escapes; points into the scratch buffer when it had any.</summary>
    private ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        var length = reader.CopyString(_scratch);
        return _scratch.AsSpan(0, length);
    }

    private int ResolveProduct(ReadOnlySpan<byte> record, Utf8Slice slice, bool escaped, StoreMode mode, double basePrice)
    {
        ReadOnlySpan<byte> id;
        if (escaped)
        {
            // Re-read the quoted string on its own to unescape it: the scratch buffer was reused since.
            var quoted = new Utf8JsonReader(record.Slice(slice.Offset - 1, slice.Length + 2), isFinalBlock: true, state: default);
            quoted.Read();
            id = _scratch.AsSpan(0, quoted.CopyString(_scratch));
        }
        else
        {
            id = slice.In(record);
        }

        if (id.IsEmpty)
        {
            return -1;
        }

        // A full catalog registers nothing, and GetOrRegister would build the id string before finding that out;
        // a flood of unseen ids must not allocate per event, so only look up then.
        if (_catalog.Count >= _catalog.Capacity)
        {
            return _catalog.TryGet(id, out var product) ? product.Index : -1;
        }

        return _catalog.GetOrRegister(id, mode, basePrice);
    }
}
