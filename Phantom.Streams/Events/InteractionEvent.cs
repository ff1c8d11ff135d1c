namespace Phantom.Streams.Events;

/// <summary>
/// One parsed interaction (CONTRACTS.md), as an unmanaged struct: identifiers are 64-bit hashes plus slices into the
/// source record, so parsing allocates nothing. A string is materialised only where it must outlive the record
/// (once per session, when its entity is created).
/// </summary>
public struct InteractionEvent
{
    /// <summary><see cref="Utf8Hash.Of"/> of the sessionId bytes: the routing and entity key.</summary>
    public ulong SessionKey;

    public EventName Name;

    public StoreMode Mode;

    /// <summary>From <c>experimentId</c>; see <see cref="GroundTruth"/>.</summary>
    public GroundTruth Truth;

    /// <summary>Index in the <see cref="Catalog.ProductCatalog"/>, or -1 when the event names no product.</summary>
    public int ProductIndex;

    /// <summary><see cref="Utf8Hash.Of"/> of the page path (for unique-page counts).</summary>
    public ulong PageHash;

    /// <summary>Event time, Unix milliseconds (UTC). The ingest time when <c>ts</c> was missing.</summary>
    public long TimestampMs;

    /// <summary><c>metadata.price</c>, NaN when absent.</summary>
    public double Price;

    /// <summary><c>metadata.base_price</c>, NaN when absent.</summary>
    public double BasePrice;

    /// <summary><c>metadata.dwellTime</c> in milliseconds, NaN when absent.</summary>
    public double DwellMs;

    /// <summary>User-agent classification flags, computed from the raw string by the codec.</summary>
    public UserAgentFlags UserAgent;

    public Utf8Slice SessionId;

    public Utf8Slice ProductId;

    public Utf8Slice ExperimentId;

    public Utf8Slice Page;

    /// <summary>True for pages under <c>/admin/</c>, which the model ignores (CONTRACTS.md).</summary>
    public bool IsAdminPage;

    public readonly bool HasProduct => ProductIndex >= 0;
}
