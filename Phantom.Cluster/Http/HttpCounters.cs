using System.Collections.Concurrent;

namespace Phantom.Cluster.Http;

/// <summary>What the HTTP routes did, for <c>/metrics</c>: lock-free counters, read at scrape time.</summary>
public sealed class HttpCounters
{
    private readonly long[] _pricedBySource = new long[Enum.GetValues<PriceSource>().Length];
    private long _pricingRedisUnavailable;
    private long _ingestAccepted;
    private long _priceLogsAccepted;
    private long _unauthorized;
    private long _publishFailures;

    /// <summary>Rejected ingest records by snake_case reason.</summary>
    public ConcurrentDictionary<string, long> IngestRejected { get; } = new(StringComparer.Ordinal);

    public long Priced(PriceSource source) => Interlocked.Read(ref _pricedBySource[(int)source]);

    public long PricingRedisUnavailable => Interlocked.Read(ref _pricingRedisUnavailable);

    public long IngestAccepted => Interlocked.Read(ref _ingestAccepted);

    public long PriceLogsAccepted => Interlocked.Read(ref _priceLogsAccepted);

    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    internal void CountPriced(in PriceAnswer answer)
    {
        Interlocked.Increment(ref _pricedBySource[(int)answer.Source]);
        if (answer.RedisUnavailable)
        {
            Interlocked.Increment(ref _pricingRedisUnavailable);
        }
    }

    internal void CountIngested(int records) => Interlocked.Add(ref _ingestAccepted, records);

    internal void CountPriceLogs(int records) => Interlocked.Add(ref _priceLogsAccepted, records);

    internal void CountRejected(IReadOnlyList<FieldError> errors)
    {
        // One count per record, under its first reason, so the total equals the records turned away.
        var seen = new HashSet<int?>();
        foreach (var error in errors)
        {
            if (seen.Add(error.Index))
            {
                IngestRejected.AddOrUpdate(error.Reason, 1, (_, n) => n + 1);
            }
        }
    }

    internal void CountUnauthorized() => Interlocked.Increment(ref _unauthorized);

    internal void CountPublishFailure() => Interlocked.Increment(ref _publishFailures);
}
