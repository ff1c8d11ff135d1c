namespace Phantom.Streams.Hosting;

/// <summary>
/// <c>phantom.http</c>: the node's HTTP APIs (CONTRACTS.md "HTTP"). Pricing reads and ingest may share one address;
/// every route is served on every bound address, the split ports only let a deployment expose them differently.
/// </summary>
public sealed class HttpOptions
{
    /// <summary>Where the pricing provider listens (CONTRACTS.md: port 5001); empty to bind only <see cref="IngestUrl"/>.</summary>
    public string PricingUrl { get; set; } = "http://127.0.0.1:5001";

    /// <summary>Where the ingest, health, metrics and admin routes listen (CONTRACTS.md: port 5000); may equal <see cref="PricingUrl"/>.</summary>
    public string IngestUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>
    /// The value callers put in the <c>X-Phantom-Key</c> header for ingest and admin routes. Empty leaves those routes
    /// open (development only; the node prints a warning at start-up).
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Whether <c>GET /api/{mode}/price/{productId}</c> answers without the API key.</summary>
    public bool PublicPricing { get; set; } = true;

    /// <summary>Largest request body accepted by the batch ingest route (size units allowed, e.g. 16M).</summary>
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most events in one batch ingest request.</summary>
    public int MaxBatchEvents { get; set; } = 10_000;

    /// <summary>
    /// Run request handlers on the socket's I/O thread instead of queueing them to the thread pool (Kestrel's
    /// <c>UnsafePreferInlineScheduling</c>): one thread wake-up less per request, which on a small, busy machine is
    /// most of a pricing answer's tail; only safe because every handler either finishes quickly or awaits.
    /// </summary>
    public bool InlineScheduling { get; set; }
}
