using System.Net;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Http;

/// <summary><c>GET /health</c> and <c>GET /metrics</c> on a real Kestrel.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class HealthAndMetricsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Health_EverythingUp_HealthyWithEachComponent()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);

        using var response = await harness.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await NodeHarness.JsonOf(response);
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        var components = json.GetProperty("components");
        Assert.Equal("up", components.GetProperty("pipeline").GetProperty("status").GetString());
        Assert.Equal("up", components.GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("up", components.GetProperty("price_store").GetProperty("status").GetString());
        Assert.Equal("up", components.GetProperty("ingest").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_NodeWithoutRedis_HealthyWithRedisDisabled()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);

        var json = await NodeHarness.JsonOf(await harness.Client.GetAsync("/health"));

        Assert.Equal("healthy", json.GetProperty("status").GetString());
        Assert.Equal("disabled", json.GetProperty("components").GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_PipelineStopped_Unhealthy503()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        await harness.Node.Runtime.StopAsync();

        using var response = await harness.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", (await NodeHarness.JsonOf(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_ExtraComponentThrows_ReportedDownNotA500()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        harness.Node.Http.AddHealthCheck("kafka", () => throw new InvalidOperationException("broker gone"));

        using var response = await harness.Client.GetAsync("/health");

        var json = await NodeHarness.JsonOf(response);
        Assert.Equal("degraded", json.GetProperty("status").GetString());
        Assert.Equal("broker gone", json.GetProperty("components").GetProperty("kafka").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Metrics_AfterTraffic_PrometheusTextWithPipelineRedisAndApiCounters()
    {
        redis.Start();
        await using var harness = await NodeHarness.StartAsync(redis.Configuration);
        var session = "metrics-" + Guid.NewGuid().ToString("N");
        (await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(session))).Dispose();
        (await harness.PostAsync("/api/kafka/ingest", NodeHarness.Event(session, eventName: "bogus"))).Dispose();
        await harness.WaitForQuoteAsync(session, "hotel-deluxe-01");
        (await harness.Client.GetAsync($"/api/hotel/price/hotel-deluxe-01?sessionId={session}")).Dispose();

        using var response = await harness.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE phantom_events_in_total counter\nphantom_events_in_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("phantom_stage_latency_ms{stage=\"parse\",quantile=\"0.99\"}", text, StringComparison.Ordinal);
        Assert.Contains("phantom_shard_queue_depth{shard=\"1\"}", text, StringComparison.Ordinal);
        Assert.Contains("phantom_redis_connected 1\n", text, StringComparison.Ordinal);
        Assert.Contains("phantom_redis_failed_updates_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("phantom_pricing_requests_total{source=\"cache\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("phantom_gc_collections_total{generation=\"0\"} ", text, StringComparison.Ordinal);
        Assert.Contains("phantom_gc_pause_seconds_total ", text, StringComparison.Ordinal);
        Assert.Contains("phantom_gc_allocated_bytes_total ", text, StringComparison.Ordinal);
        Assert.Contains("phantom_ingest_rejected_total{reason=\"unknown_event_name\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("phantom_ingest_accepted_total{topic=\"user-interactions\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ExtraSamples_Appended()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null);
        harness.Node.Http.AddMetrics(w => w.Gauge("phantom_consumer_lag", "Records behind the head.", 42, ("partition", "0")));

        var text = await harness.Client.GetStringAsync("/metrics");

        Assert.Contains("phantom_consumer_lag{partition=\"0\"} 42\n", text, StringComparison.Ordinal);
    }
}
