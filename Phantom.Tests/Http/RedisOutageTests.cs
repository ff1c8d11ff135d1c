using System.Net;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Http;

/// <summary>Redis stopped while the node runs: pricing answers from the cache or the base price and says so; nothing crashes.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisOutageTests
{
    [Fact]
    public async Task RedisStopped_PricingFallsBackSaysSoAndHealthIsDegraded()
    {
        using var redis = new RedisServer();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        var quoted = "outage-quoted-" + Guid.NewGuid().ToString("N");
        var stranger = "outage-stranger-" + Guid.NewGuid().ToString("N");
        (await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(quoted))).Dispose();
        await harness.WaitForQuoteAsync(quoted, "hotel-deluxe-01");

        redis.Stop();
        await WaitUntilAsync(() => !harness.Node.RedisStore!.IsConnected);

        var fromCache = await NodeHarness.JsonOf(await harness.Client.GetAsync($"/api/hotel/price/hotel-deluxe-01?sessionId={quoted}"));
        using var baseResponse = await harness.Client.GetAsync($"/api/hotel/price/hotel-standard-02?sessionId={stranger}");
        var fromBase = await NodeHarness.JsonOf(baseResponse);
        using var healthResponse = await harness.Client.GetAsync("/health");
        var health = await NodeHarness.JsonOf(healthResponse);

        Assert.Equal("cache", fromCache.GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.OK, baseResponse.StatusCode);
        // The ingest above stepped the global prices, so the fall-through lands on the global price (else base).
        Assert.Equal("global", fromBase.GetProperty("source").GetString());
        Assert.Equal("global+redis-unavailable", fromBase.GetProperty("model_version").GetString());
        Assert.Equal(HttpStatusCode.OK, healthResponse.StatusCode);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal("down", health.GetProperty("components").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("degraded", health.GetProperty("components").GetProperty("price_store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task RedisStopped_IngestGoesOnWritesAreCountedAndCacheServes()
    {
        using var redis = new RedisServer();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        redis.Stop();
        await WaitUntilAsync(() => !harness.Node.RedisStore!.IsConnected);
        var session = "outage-ingest-" + Guid.NewGuid().ToString("N");

        using var ingest = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(session, productId: "hotel-junior-05"));
        await harness.WaitForQuoteAsync(session, "hotel-junior-05");
        var price = await NodeHarness.JsonOf(await harness.Client.GetAsync($"/api/hotel/price/hotel-junior-05?sessionId={session}"));
        var metrics = await harness.Client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        Assert.Equal("cache", price.GetProperty("source").GetString());
        Assert.True(harness.Node.RedisStore!.Counters.FailedUpdates >= 1);
        Assert.Contains("phantom_redis_connected 0\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("phantom_redis_failed_updates_total 0\n", metrics, StringComparison.Ordinal);
        Assert.Null(harness.Node.Runtime.Pipeline.LastFailure);
    }

    [Fact]
    public async Task RedisBack_WritesResumeAndHealthRecovers()
    {
        using var redis = new RedisServer();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        redis.Stop();
        await WaitUntilAsync(() => !harness.Node.RedisStore!.IsConnected);

        redis.Start();
        await WaitUntilAsync(() => harness.Node.RedisStore!.IsConnected, seconds: 30);
        var session = "outage-back-" + Guid.NewGuid().ToString("N");
        (await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(session))).Dispose();
        await harness.WaitForQuoteAsync(session, "hotel-deluxe-01");
        await WaitUntilAsync(() => harness.Node.RedisStore!.Counters.Updates >= 1);

        var health = await NodeHarness.JsonOf(await harness.Client.GetAsync("/health"));
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
