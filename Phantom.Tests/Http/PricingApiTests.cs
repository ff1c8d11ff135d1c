using System.Net;
using Phantom.Streams.Redis;
using Phantom.Tests.Infrastructure;
using StackExchange.Redis;

namespace Phantom.Tests.Http;

/// <summary><c>GET /api/{mode}/price/{productId}</c> on a real Kestrel with a real Redis: codes and the lookup order.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class PricingApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly string _session = "pricing-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Price_UnknownMode_Returns400WithJsonError()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);

        using var response = await harness.Client.GetAsync("/api/boat/price/hotel-deluxe-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("boat", (await NodeHarness.JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_UnknownProduct_Returns404WithJsonError()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);

        using var response = await harness.Client.GetAsync("/api/hotel/price/hotel-nothing-99");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("hotel-nothing-99", (await NodeHarness.JsonOf(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_ProductOfTheOtherStore_Returns404()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);

        using var response = await harness.Client.GetAsync("/api/airline/price/hotel-deluxe-01");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Price_NoSessionNoGlobalStep_AnswersBasePrice()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);

        using var response = await harness.Client.GetAsync("/api/hotel/price/hotel-presidential-03");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await NodeHarness.JsonOf(response);
        Assert.Equal("hotel-presidential-03", json.GetProperty("productId").GetString());
        Assert.Equal(450, json.GetProperty("price").GetDouble());
        Assert.Equal(450, json.GetProperty("base_price").GetDouble());
        Assert.Equal(1, json.GetProperty("markup").GetDouble());
        Assert.True(json.TryGetProperty("elasticity", out _));
        Assert.Equal("base", json.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Price_AfterAGlobalStep_AnswersGlobalPrice()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        Assert.True(harness.Node.Runtime.Prices.Step(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        Assert.True(harness.Node.Runtime.Catalog.TryGet("airline-fl05-02", out var product));
        var expected = harness.Node.Runtime.Prices.Price(product.Index);

        using var response = await harness.Client.GetAsync($"/api/airline/price/airline-fl05-02?sessionId={_session}");

        var json = await NodeHarness.JsonOf(response);
        Assert.Equal("global", json.GetProperty("model_version").GetString());
        Assert.Equal(Math.Round(expected, 2), json.GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task Price_SessionOnlyInRedis_AnswersRedisPrice()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        using (var connection = ConnectionMultiplexer.Connect(redis.Configuration))
        {
            connection.GetDatabase(0).HashSet(RedisKeys.SessionPrices(_session), "hotel-junior-04", "199.90");
        }

        Assert.True(harness.Node.Runtime.Prices.Step(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        using var response = await harness.Client.GetAsync($"/api/hotel/price/hotel-junior-04?sessionId={_session}");

        var json = await NodeHarness.JsonOf(response);
        Assert.Equal(199.9, json.GetProperty("price").GetDouble());
        Assert.Equal("session-aware@builtin", json.GetProperty("model_version").GetString());
        Assert.Equal("redis", json.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Price_SessionQuotedByThisNode_AnswersFromCacheBeforeRedis()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        using var ingest = await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(_session));
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        await harness.WaitForQuoteAsync(_session, "hotel-deluxe-01");
        using (var connection = ConnectionMultiplexer.Connect(redis.Configuration))
        {
            // A different figure in Redis: the answer must still be the node's own quote.
            connection.GetDatabase(0).HashSet(RedisKeys.SessionPrices(_session), "hotel-deluxe-01", "1.00");
        }

        using var response = await harness.Client.GetAsync($"/api/hotel/price/hotel-deluxe-01?sessionId={_session}");

        var json = await NodeHarness.JsonOf(response);
        Assert.Equal("cache", json.GetProperty("source").GetString());
        Assert.StartsWith("session-aware@", json.GetProperty("model_version").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(1.0, json.GetProperty("price").GetDouble());
        Assert.Equal(140, json.GetProperty("base_price").GetDouble());
    }

    [Fact]
    public async Task Price_SessionUnknownEverywhere_FallsThroughToBase()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);

        using var response = await harness.Client.GetAsync($"/api/hotel/price/hotel-standard-01?sessionId={_session}");

        var json = await NodeHarness.JsonOf(response);
        Assert.Equal("base", json.GetProperty("model_version").GetString());
        Assert.Equal(85, json.GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task Price_PrivatePricingWithoutKey_Returns401()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration, publicPricing: false);

        using var refused = await harness.Client.GetAsync("/api/hotel/price/hotel-standard-01");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hotel/price/hotel-standard-01");
        request.Headers.Add("X-Phantom-Key", NodeHarness.Key);
        using var allowed = await harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Price_RedisStoppedNoGlobalStep_AnswersBaseAndSaysRedisWasUnavailable()
    {
        using var own = new RedisServer();
        await using var harness = await NodeHarness.StartAsync(own.Configuration);
        own.Stop();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (harness.Node.RedisStore!.IsConnected)
        {
            Assert.True(DateTime.UtcNow < deadline, "the node did not notice Redis stopping");
            await Task.Delay(20);
        }

        using var response = await harness.Client.GetAsync($"/api/hotel/price/hotel-standard-01?sessionId={_session}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await NodeHarness.JsonOf(response);
        Assert.Equal(85, json.GetProperty("price").GetDouble());
        Assert.Equal("base+redis-unavailable", json.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Price_NodeWithoutRedis_AnswersBaseAndSaysNothingAboutRedis()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        using var response = await harness.Client.GetAsync($"/api/hotel/price/hotel-standard-01?sessionId={_session}");

        Assert.Equal("base", (await NodeHarness.JsonOf(response)).GetProperty("model_version").GetString());
    }
}
