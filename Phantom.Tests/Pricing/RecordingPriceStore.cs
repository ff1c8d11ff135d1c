using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

/// <summary>A price store that keeps every batch it is handed (test support, not a test class).</summary>
internal sealed class RecordingPriceStore : IPriceStore
{
    public List<PriceUpdate[]> Batches { get; } = [];

    public List<IReadOnlyList<GlobalPriceRecord>> GlobalWrites { get; } = [];

    public void Write(ReadOnlySpan<PriceUpdate> batch) => Batches.Add(batch.ToArray());

    public void WriteGlobal(IReadOnlyList<GlobalPriceRecord> records) => GlobalWrites.Add(records);

    public bool TryGetSessionPrice(ulong sessionKey, int productIndex, out PriceUpdate price) => throw new NotSupportedException();

    public bool TryGetSessionPrice(string sessionId, int productIndex, out PriceUpdate price) => throw new NotSupportedException();

    public IReadOnlyList<GlobalPriceRecord> LatestGlobalPrices() => GlobalWrites.Count > 0 ? GlobalWrites[^1] : [];
}
