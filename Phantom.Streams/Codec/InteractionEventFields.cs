using Phantom.Streams.Events;

namespace Phantom.Streams.Codec;

/// <summary>
/// The field values <see cref="InteractionEventWriter"/> writes as one CONTRACTS.md event. Strings are UTF-8 spans so
/// a tool can fill it from pooled or literal bytes without allocating. Empty spans, NaN numbers and null timestamps
/// are left out of the JSON (except <see cref="ProductId"/>, written as <c>null</c> as the storefront does).
/// </summary>
public ref struct InteractionEventFields
{
    public ReadOnlySpan<byte> SessionId;

    public ReadOnlySpan<byte> ExperimentId;

    public EventName Name;

    public ReadOnlySpan<byte> Page;

    /// <summary>Empty: <c>"productId":null</c>.</summary>
    public ReadOnlySpan<byte> ProductId;

    public StoreMode Mode;

    public ReadOnlySpan<byte> UserAgent;

    /// <summary>Unix milliseconds; null leaves <c>ts</c> out (the receiver then uses its ingest time).</summary>
    public long? TimestampMs;

    /// <summary><c>metadata.price</c>; NaN leaves it out.</summary>
    public double Price;

    /// <summary><c>metadata.base_price</c>; NaN leaves it out.</summary>
    public double BasePrice;

    /// <summary><c>metadata.dwellTime</c> in milliseconds; NaN leaves it out.</summary>
    public double DwellMs;

    /// <summary><c>metadata.dateIndex</c>; 0 leaves it out.</summary>
    public int DateIndex;

    /// <summary><c>metadata.elementText</c> (hover events); empty leaves it out.</summary>
    public ReadOnlySpan<byte> ElementText;

    /// <summary>Fields with every optional part absent (NaN numbers), to fill in with object-initializer syntax.</summary>
    public static InteractionEventFields Create(ReadOnlySpan<byte> sessionId, EventName name, ReadOnlySpan<byte> page, StoreMode mode) => new()
    {
        SessionId = sessionId,
        Name = name,
        Page = page,
        Mode = mode,
        Price = double.NaN,
        BasePrice = double.NaN,
        DwellMs = double.NaN,
    };
}
