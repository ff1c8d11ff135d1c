using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Phantom.Streams.Redis;
using Phantom.Tests.Infrastructure;
using StackExchange.Redis;

namespace Phantom.Tests.Http;

/// <summary>Ingest to Redis through a whole node: hashes with TTL, prices:latest, model:meta and the prices channel.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class NodeRedisFlowTests
{
    [Fact]
    public async Task IngestedEvents_EveryPriceReachesRedisAndTheChannel()
    {
        using var redis = new RedisServer();
        using var connection = ConnectionMultiplexer.Connect(redis.Configuration);
        var messages = new ConcurrentQueue<string>();
        await connection.GetSubscriber().SubscribeAsync("prices", (_, m) => messages.Enqueue((string)m!));
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        var sessions = Enumerable.Range(0, 10).Select(i => $"flow-{i}").ToArray();
        var body = string.Join("\n", Enumerable.Range(0, 40).Select(i => NodeHarness.Event(sessions[i % 10], productId: $"hotel-deluxe-{(i % 14) + 1:00}")));

        using var response = await harness.PostAsync("/api/kafka/ingest/batch", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (harness.Node.RedisStore!.Counters.Updates < 40 || messages.Count < 40)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {harness.Node.RedisStore.Counters.Updates} updates and {messages.Count} messages arrived");
            await Task.Delay(20);
        }

        var db = connection.GetDatabase(0);
        foreach (var session in sessions)
        {
            Assert.Equal(4, db.HashLength(RedisKeys.SessionPrices(session)));
            Assert.InRange(db.KeyTimeToLive(RedisKeys.SessionPrices(session))!.Value.TotalSeconds, 1790, 1800);
        }

        Assert.Equal(40, messages.Count);
        Assert.All(messages, m =>
        {
            using var document = JsonDocument.Parse(m);
            Assert.StartsWith("flow-", document.RootElement.GetProperty("sessionId").GetString(), StringComparison.Ordinal);
            Assert.Equal("session-aware", document.RootElement.GetProperty("policy").GetString());
        });
        Assert.True(db.KeyExists(RedisKeys.LatestPrices));
        Assert.True(db.KeyExists(RedisKeys.ModelMeta("session-aware")));
        Assert.Equal(0, harness.Node.RedisStore.Counters.FailedUpdates);
    }
}
