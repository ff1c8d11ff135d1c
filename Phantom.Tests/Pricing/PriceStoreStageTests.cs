using Phantom.Streams.Events;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class PriceStoreStageTests
{
    private readonly RecordingPriceStore _store = new();
    private readonly PricingStatistics _statistics = new(10.0);

    private static PriceUpdate Update(int i) => new((ulong)i, $"s{i}", i % 3, 100 + i, 100, 0.5, 2, 3, false, i);

    [Fact]
    public void EndBatch_AfterAdds_OneWriteWithEveryUpdate()
    {
        var stage = new PriceStoreStage(_store, _statistics.ForShard(0), 16);
        for (var i = 0; i < 5; i++)
        {
            stage.Add(Update(i), GroundTruth.Human);
        }

        Assert.Empty(_store.Batches);
        stage.EndBatch();

        var batch = Assert.Single(_store.Batches);
        Assert.Equal(Enumerable.Range(0, 5).Select(Update), batch);
        Assert.Equal(0, stage.Pending);
    }

    [Fact]
    public void Add_BufferFull_FlushesEarlyAndKeepsTheRest()
    {
        var stage = new PriceStoreStage(_store, _statistics.ForShard(0), 4);
        for (var i = 0; i < 6; i++)
        {
            stage.Add(Update(i), GroundTruth.Agent);
        }

        stage.EndBatch();

        Assert.Equal([4, 2], _store.Batches.Select(b => b.Length));
        Assert.Equal(6, _store.Batches.SelectMany(b => b).Distinct().Count());
    }

    [Fact]
    public void EndBatch_NothingPending_NoWrite()
    {
        var stage = new PriceStoreStage(_store, _statistics.ForShard(0), 4);

        stage.EndBatch();

        Assert.Empty(_store.Batches);
    }

    [Fact]
    public void Add_ByTruth_StatisticsCountPricesAndMarkups()
    {
        var stage = new PriceStoreStage(_store, _statistics.ForShard(2), 8);

        stage.Add(new PriceUpdate(1, "h", 0, 110, 100, 0.1, 1, 3, false, 0), GroundTruth.Human);
        stage.Add(new PriceUpdate(2, "a", 0, 150, 100, 0.9, 1, 3, false, 0), GroundTruth.Agent);
        stage.Add(new PriceUpdate(3, "a", 1, 300, 200, 0.9, 1, 3, false, 0), GroundTruth.Agent);
        var summary = _statistics.Snapshot();

        Assert.Equal(3, summary.PricedEvents);
        Assert.Equal(110, summary.MeanPrice(GroundTruth.Human));
        Assert.Equal(225, summary.MeanPrice(GroundTruth.Agent));
        Assert.Equal(1.5, summary.MeanMarkup(GroundTruth.Agent), 12);
        Assert.True(double.IsNaN(summary.MeanPrice(GroundTruth.Unknown)));
        Assert.Equal(((110 + 150 + 300) / 3.0) - 10, summary.CoiLevel, 9);
    }
}
