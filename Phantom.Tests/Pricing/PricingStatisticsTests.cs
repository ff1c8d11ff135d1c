using Phantom.Streams.Events;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class PricingStatisticsTests
{
    [Fact]
    public void ForShard_SameShard_SameCounters()
    {
        var statistics = new PricingStatistics(10);

        Assert.Same(statistics.ForShard(3), statistics.ForShard(3));
        Assert.NotSame(statistics.ForShard(3), statistics.ForShard(4));
    }

    [Fact]
    public void Snapshot_SeveralShards_SumsEveryCounter()
    {
        var statistics = new PricingStatistics(10);
        var a = statistics.ForShard(0);
        var b = statistics.ForShard(1);
        a.RecordPrice(GroundTruth.Human, 100, 100, 0.2);
        b.RecordPrice(GroundTruth.Human, 120, 100, 0.7);
        b.RecordPrice(GroundTruth.Unknown, 50, 100, 0.4);
        a.RecordVerdict(ShieldVerdict.Accepted);
        a.RecordVerdict(ShieldVerdict.NonFinite);
        b.RecordVerdict(ShieldVerdict.OutOfBounds);
        b.RecordVerdict(ShieldVerdict.ChangeTooLarge);
        b.RecordVerdict(ShieldVerdict.ChangeTooLarge);

        var summary = statistics.Snapshot();

        Assert.Equal([1L, 2L, 0L], summary.PricedByTruth);
        Assert.Equal(110, summary.MeanPrice(GroundTruth.Human));
        Assert.Equal(1.1, summary.MeanMarkup(GroundTruth.Human), 12);
        Assert.Equal(((100 + 120 + 50) / 3.0) - 10, summary.CoiLevel, 9);
        Assert.Equal(5, summary.ShieldChecks);
        Assert.Equal(1, summary.FallbackNonFinite);
        Assert.Equal(1, summary.FallbackOutOfBounds);
        Assert.Equal(2, summary.FallbackChangeTooLarge);
        Assert.Equal(4, summary.ShieldFallbacks);
        Assert.Equal(1, summary.PricedAsLikelyAgent); // only the 0.7 one is above one half
        Assert.Equal(1 / 3.0, summary.LikelyAgentShare, 12);
    }

    [Fact]
    public async Task Snapshot_WhileShardsWrite_FinalTotalsExact()
    {
        var statistics = new PricingStatistics(10);
        var writers = Enumerable.Range(0, 4).Select(s => Task.Run(() =>
        {
            var shard = statistics.ForShard(s);
            for (var i = 0; i < 10_000; i++)
            {
                shard.RecordPrice(GroundTruth.Agent, 20, 10, 0.9);
            }
        })).ToArray();
        while (!writers.All(w => w.IsCompleted))
        {
            Assert.InRange(statistics.Snapshot().PricedEvents, 0, 40_000);
        }

        await Task.WhenAll(writers);

        Assert.Equal(40_000, statistics.Snapshot().PricedEvents);
        Assert.Equal(2.0, statistics.Snapshot().MeanMarkup(GroundTruth.Agent));
    }
}
