using Phantom.Cluster.Http;

namespace Phantom.Tests.Http;

/// <summary>The open-loop pricing load generator against a real node on loopback (behaviour, not timing).</summary>
public sealed class PricingLoadGeneratorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_PrimedNode_EveryScheduledRequestAnsweredFromTheCache(bool inlineScheduling)
    {
        await using var harness = await NodeHarness.StartAsync(redis: null, inlineScheduling: inlineScheduling);
        var generator = new PricingLoadGenerator(harness.Client.BaseAddress!, rate: 400, TimeSpan.FromSeconds(1), connections: 3, sessions: 40)
        {
            PrimeWithApiKey = NodeHarness.Key,
        };

        var result = await generator.RunAsync();

        Assert.Equal(400, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(40, result.Sources["cache"]);
        Assert.Single(result.Sources);
        Assert.True(result.P50Ms > 0 && result.P50Ms <= result.P99Ms && result.P99Ms <= result.MaxMs);

        // The node's GC counters came through /metrics, so the run can be checked against the node's pauses.
        Assert.True(result.NodeCollections >= 0);
        Assert.True(result.NodeGcPauseMs >= 0);
        Assert.True(result.NodeBytesPerRequest >= 0);
    }

    [Fact]
    public async Task RunAsync_EveryAnswerRefused_EachCountedOnceAsAnErrorAndTheRunFinishes()
    {
        await using var harness = await NodeHarness.StartAsync(redis: null, publicPricing: false);
        var generator = new PricingLoadGenerator(harness.Client.BaseAddress!, rate: 200, TimeSpan.FromSeconds(0.5), connections: 2, sessions: 10);

        var result = await generator.RunAsync();

        // Pricing behind the key: every request is refused (401), each counted once as an error.
        Assert.Equal(100, result.Requests);
        Assert.Equal(100, result.Errors);
    }
}
