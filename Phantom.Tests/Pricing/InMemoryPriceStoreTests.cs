using Phantom.Streams.Events;
using Phantom.Streams.Pricing;

namespace Phantom.Tests.Pricing;

public class InMemoryPriceStoreTests
{
    private static PriceUpdate Update(string session, int product, double price, long ts) =>
        new(Utf8Hash.Of(session), session, product, price, 100, 0.2, 3, 3, false, ts);

    [Fact]
    public void Write_Batch_ReadableByKeyAndById()
    {
        var store = new InMemoryPriceStore();

        store.Write([Update("s-1", 4, 110, 1_000), Update("s-2", 4, 120, 1_000)]);

        Assert.True(store.TryGetSessionPrice("s-1", 4, out var byId));
        Assert.Equal(110, byId.Price);
        Assert.True(store.TryGetSessionPrice(Utf8Hash.Of("s-2"), 4, out var byKey));
        Assert.Equal(120, byKey.Price);
        Assert.False(store.TryGetSessionPrice("s-1", 5, out _));
        Assert.Equal(1, store.Batches);
        Assert.Equal(2, store.Written);
    }

    [Fact]
    public void Write_SameSessionAndProductLater_Replaces()
    {
        var store = new InMemoryPriceStore();

        store.Write([Update("s-1", 4, 110, 1_000), Update("s-1", 4, 99, 2_000)]);

        Assert.True(store.TryGetSessionPrice("s-1", 4, out var price));
        Assert.Equal(99, price.Price);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Write_EventTimeBeyondTtl_ExpiresOldSessions()
    {
        var store = new InMemoryPriceStore(TimeSpan.FromSeconds(100));
        store.Write([Update("old", 1, 110, 0)]);
        store.Write([Update("new", 1, 110, 90_000)]);
        Assert.True(store.TryGetSessionPrice("old", 1, out _));

        store.Write([Update("newer", 1, 110, 130_000)]);

        Assert.False(store.TryGetSessionPrice("old", 1, out _));
        Assert.True(store.TryGetSessionPrice("new", 1, out _));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Write_SessionPricedAgain_RefreshesTtlOfAllItsProducts()
    {
        var store = new InMemoryPriceStore(TimeSpan.FromSeconds(100));
        store.Write([Update("s", 1, 110, 0)]);
        store.Write([Update("s", 2, 120, 90_000)]);

        // Event time moves to 150 s: product 1's own write (0 s) is older than the TTL, the session's last (90 s) is not.
        store.Write([Update("other", 1, 100, 150_000)]);

        Assert.True(store.TryGetSessionPrice("s", 1, out var first));
        Assert.Equal(110, first.Price);
        Assert.True(store.TryGetSessionPrice("s", 2, out _));
        Assert.Equal(3, store.Count);
        Assert.Equal(2, store.SessionCount);
    }

    [Fact]
    public void Write_SessionNotPricedWithinTtl_AllItsProductsExpireTogether()
    {
        var store = new InMemoryPriceStore(TimeSpan.FromSeconds(100));
        store.Write([Update("s", 1, 110, 0), Update("s", 2, 120, 50_000)]);

        store.Write([Update("other", 1, 100, 151_000)]);

        // The session was last priced at 50 s: at 151 s its whole hash is gone, the 50 s price included.
        Assert.False(store.TryGetSessionPrice("s", 1, out _));
        Assert.False(store.TryGetSessionPrice("s", 2, out _));
        Assert.Equal(1, store.Count);
        Assert.Equal(1, store.SessionCount);
    }

    [Fact]
    public void Write_ExpiredSessionReturns_StartsWithoutItsOldPrices()
    {
        var store = new InMemoryPriceStore(TimeSpan.FromSeconds(100));
        store.Write([Update("s", 1, 110, 0)]);
        store.Write([Update("other", 1, 100, 200_000)]);

        store.Write([Update("s", 2, 130, 200_000)]);

        // Like a Redis hash that expired and was created again: only the new field.
        Assert.False(store.TryGetSessionPrice("s", 1, out _));
        Assert.True(store.TryGetSessionPrice("s", 2, out var second));
        Assert.Equal(130, second.Price);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Write_ManyWritesAfterExpiry_SweepRetiresExpiredPricesWithoutFullScan()
    {
        var store = new InMemoryPriceStore(TimeSpan.FromSeconds(100));
        store.Write([.. Enumerable.Range(0, 500).Select(i => Update($"old-{i}", i % 7, 100, 0))]);
        var fresh = Enumerable.Range(0, 6_000).Select(i => Update($"new-{i}", 1, 100, 200_000)).ToArray();

        store.Write(fresh);

        // 2 slots swept per write cycle through the table many times over 6,000 writes: no expired price is left.
        Assert.Equal(6_000, store.HeldPrices);
        Assert.Equal(6_000, store.Count);
        Assert.Equal(6_000, store.SessionCount);
        Assert.False(store.TryGetSessionPrice("old-3", 3, out _));
        Assert.True(store.TryGetSessionPrice("new-5999", 1, out _));
    }

    [Fact]
    public async Task Write_ConcurrentWritersAndReaders_EveryUpdateKept()
    {
        var store = new InMemoryPriceStore();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var b = 0; b < 50; b++)
            {
                var batch = Enumerable.Range(0, 20).Select(i => Update($"w{w}-b{b}-{i}", i, 100 + i, b)).ToArray();
                store.Write(batch);
            }
        }));
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                store.TryGetSessionPrice("w0-b0-1", 1, out _);
            }
        });

        await Task.WhenAll([.. writers, reader]);

        Assert.Equal(4 * 50 * 20, store.Count);
        Assert.Equal(200, store.Batches);
    }

    [Fact]
    public void WriteGlobal_Latest_ReturnsLastRecords()
    {
        var store = new InMemoryPriceStore();
        GlobalPriceRecord[] records = [new(0, "p", 110, 100, 110, 12)];

        store.WriteGlobal(records);

        Assert.Same(records, store.LatestGlobalPrices());
    }
}
