using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Phantom.Streams.Events;

namespace Phantom.Streams.Codec;

/// <summary>
/// Writes CONTRACTS.md interaction events as compact JSON, the way the storefront sends them (field order, <c>ts</c>
/// with millisecond precision and <c>Z</c>). It reuses one <see cref="Utf8JsonWriter"/>, so writing allocates nothing
/// once the output buffer has grown; one instance per thread.
/// </summary>
/// <remarks>
/// Non-ASCII text of the basic multilingual plane is written as raw UTF-8, not <c>\u</c> escapes (relaxed encoder),
/// so the parser's slices point at readable bytes; the encoder still escapes characters beyond it (emoji) as surrogate
/// pairs, and quotes, backslashes and control characters, as JSON requires.
/// </remarks>
public sealed class InteractionEventWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private Utf8JsonWriter? _json;
    private ArrayBufferWriter<byte>? _convenienceBuffer;

    /// <summary>Appends one event (no trailing newline) to <paramref name="output"/>; returns the bytes written.</summary>
    public int Write(IBufferWriter<byte> output, scoped in InteractionEventFields fields)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_json is null)
        {
            _json = new Utf8JsonWriter(output, WriterOptions);
        }
        else
        {
            _json.Reset(output);
        }

        var json = _json;
        json.WriteStartObject();
        json.WriteString("sessionId"u8, fields.SessionId);
        if (!fields.ExperimentId.IsEmpty)
        {
            json.WriteString("experimentId"u8, fields.ExperimentId);
        }

        json.WriteString("eventName"u8, fields.Name.ToWireUtf8());
        json.WriteString("page"u8, fields.Page);
        if (fields.ProductId.IsEmpty)
        {
            json.WriteNull("productId"u8);
        }
        else
        {
            json.WriteString("productId"u8, fields.ProductId);
        }

        if (!double.IsNaN(fields.Price) || !double.IsNaN(fields.BasePrice) || !double.IsNaN(fields.DwellMs)
            || fields.DateIndex != 0 || !fields.ElementText.IsEmpty)
        {
            json.WriteStartObject("metadata"u8);
            if (!fields.ElementText.IsEmpty)
            {
                json.WriteString("elementText"u8, fields.ElementText);
            }

            if (fields.DateIndex != 0)
            {
                json.WriteNumber("dateIndex"u8, fields.DateIndex);
            }

            WriteNumberIfPresent(json, "price"u8, fields.Price);
            WriteNumberIfPresent(json, "base_price"u8, fields.BasePrice);
            WriteNumberIfPresent(json, "dwellTime"u8, fields.DwellMs);
            json.WriteEndObject();
        }

        json.WriteString("storeMode"u8, fields.Mode == StoreMode.Airline ? "airline"u8 : "hotel"u8);
        if (!fields.UserAgent.IsEmpty)
        {
            json.WriteString("userAgent"u8, fields.UserAgent);
        }

        if (fields.TimestampMs is { } ms)
        {
            Span<byte> text = stackalloc byte[IsoTimestamp.FormattedLength];
            if (!IsoTimestamp.TryFormatUnixMs(ms, text, out _))
            {
                throw new ArgumentOutOfRangeException(nameof(fields), ms, "ts must fall in years 1 to 9999");
            }

            json.WriteString("ts"u8, text);
        }

        json.WriteEndObject();
        json.Flush();
        return (int)json.BytesCommitted;
    }

    /// <summary>The event as a new array: for tests and tools, not for hot loops.</summary>
    public byte[] ToUtf8Bytes(scoped in InteractionEventFields fields)
    {
        _convenienceBuffer ??= new ArrayBufferWriter<byte>(512);
        _convenienceBuffer.ResetWrittenCount();
        Write(_convenienceBuffer, fields);
        return _convenienceBuffer.WrittenSpan.ToArray();
    }

    private static void WriteNumberIfPresent(Utf8JsonWriter json, ReadOnlySpan<byte> name, double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no infinities");
        }

        json.WriteNumber(name, value);
    }
}
