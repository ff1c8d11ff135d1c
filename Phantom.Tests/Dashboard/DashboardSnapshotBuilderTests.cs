using Phantom.Cluster.Dashboard;

namespace Phantom.Tests.Dashboard;

public sealed class DashboardSnapshotBuilderTests
{
    [Theory]
    [InlineData(100.0, 10.0, 10.0, 1.0)]   // an agent was shown the floor: the whole premium is gone
    [InlineData(100.0, 100.0, 10.0, 0.0)]  // agents saw nothing below the mean
    [InlineData(100.0, 55.0, 10.0, 0.5)]
    [InlineData(100.0, 120.0, 10.0, 0.0)]  // agents paid more than the mean: clamped, nothing eroded
    public void Erosion_AgentMinimum_IsTheShareOfThePremiumAboveTheFloor(double mean, double agentMin, double floor, double expected) =>
        Assert.Equal(expected, DashboardSnapshotBuilder.Erosion(mean, agentMin, floor), 10);

    [Theory]
    [InlineData(100.0, double.NaN, 10.0)] // no likely agent was priced
    [InlineData(10.0, 10.0, 10.0)]        // no premium to erode
    [InlineData(double.NaN, 50.0, 10.0)]
    public void Erosion_Undefined_IsNaN(double mean, double agentMin, double floor) =>
        Assert.True(double.IsNaN(DashboardSnapshotBuilder.Erosion(mean, agentMin, floor)));

    [Fact]
    public async Task Build_AfterTrafficSettled_CountsEveryLiveSessionOnce()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 6_000);
        await node.WaitForTrafficAsync(6_000);
        var builder = new DashboardSnapshotBuilder(node.Node.Runtime, () => [0, 1, 2, 3], () => "n1", () => "http://127.0.0.1:1");

        var snapshot = builder.Build();

        // The shards are idle, so the sweep's view is exact: every live session scored once, in both histograms.
        Assert.Equal(6_000, snapshot.Events);
        Assert.True(snapshot.LiveSessions > 0);
        Assert.Equal(snapshot.LiveSessions, snapshot.Histogram.Scored);
        Assert.False(snapshot.Histogram.Sampled);
        Assert.Equal(snapshot.Histogram.Scored, snapshot.Histogram.FTau.Sum());
        Assert.Equal(snapshot.Histogram.Scored, snapshot.Histogram.Detector.Sum());
        Assert.Equal(AgentHistogram.Bins, snapshot.Histogram.FTau.Length);
        Assert.InRange(snapshot.Histogram.LikelyAgents, 1, snapshot.Histogram.Scored - 1);
        Assert.InRange(snapshot.Prices.LikelyAgentQuotes, 1, snapshot.Histogram.LikelyAgents);
        Assert.InRange(snapshot.Prices.LikelyHumanQuotes, 1, snapshot.Histogram.Scored - snapshot.Histogram.LikelyAgents);
        Assert.True(snapshot.Prices.PricedEvents > 0);
        Assert.NotNull(snapshot.Prices.LikelyHumanMean);
        Assert.NotNull(snapshot.Prices.LikelyAgentMean);
        Assert.NotNull(snapshot.Prices.HumanMean);
        Assert.NotNull(snapshot.Prices.AgentMean);
        Assert.True(snapshot.Coi.Level > 0);
    }

    [Fact]
    public async Task Build_Products_ListedByDemandHighestFirst()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 6_000);
        await node.WaitForTrafficAsync(6_000);
        node.Node.Runtime.Demand.Refresh(node.Node.Runtime.Prices.EventClockMs);
        var builder = new DashboardSnapshotBuilder(node.Node.Runtime, () => [0, 1, 2, 3], () => "n1", () => "http://127.0.0.1:1");

        var snapshot = builder.Build();

        Assert.NotEmpty(snapshot.Products);
        Assert.InRange(snapshot.Products.Count, 1, DashboardSnapshotBuilder.TopProducts);
        Assert.Equal(snapshot.Products.Select(p => p.QHat).OrderByDescending(q => q), snapshot.Products.Select(p => p.QHat));
        Assert.True(snapshot.Products[0].QHat > 0);
        Assert.Equal(node.Node.Runtime.Catalog.Count, snapshot.ProductsTotal);
        Assert.All(snapshot.Products.Where(p => p.Erosion is not null), p => Assert.InRange(p.Erosion!.Value, 0, 1));
        if (snapshot.Coi.Erosion is { } erosion)
        {
            Assert.InRange(erosion, 0, 1);
            Assert.True(snapshot.Coi.Products > 0);
        }
    }

    [Fact]
    public async Task Build_NoClusterSeam_MapsTheLocalNodeWithItsShards()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        var builder = new DashboardSnapshotBuilder(node.Node.Runtime, () => [1, 3], () => "n1", () => "http://127.0.0.1:1");

        var map = builder.Build().Cluster;

        Assert.Equal("n1", map.Self);
        Assert.Equal(4, map.Partitions);
        var self = Assert.Single(map.Nodes);
        Assert.Equal(("n1", "http://127.0.0.1:1", "up"), (self.Id, self.Address, self.Status));
        Assert.Equal([1, 3], self.Shards);
    }

    [Fact]
    public async Task Build_ClusterSeamSet_ShowsTheRegistryMap()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        var registry = new ClusterMap("a", "phantom", 4, [
            new ClusterMapNode("a", "http://a:5000", "up", [0, 1], 10, 5),
            new ClusterMapNode("b", "http://b:5000", "up", [2, 3], 12, 6),
        ]);
        var builder = new DashboardSnapshotBuilder(node.Node.Runtime, () => [0, 1], () => "a", () => "http://a:5000") { Cluster = () => registry };

        Assert.Same(registry, builder.Build().Cluster);
    }

    [Fact]
    public async Task Build_ClusterSeamThrows_FallsBackToTheLocalNode()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        var builder = new DashboardSnapshotBuilder(node.Node.Runtime, () => [0, 1, 2, 3], () => "n1", () => "http://127.0.0.1:1")
        {
            Cluster = () => throw new InvalidOperationException("registry unreachable"),
        };

        var map = builder.Build().Cluster;

        Assert.Equal("n1", Assert.Single(map.Nodes).Id);
    }

    [Fact]
    public async Task Build_Repeated_NumbersFramesInOrder()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        var builder = new DashboardSnapshotBuilder(node.Node.Runtime, () => [0], () => "n1", () => "http://127.0.0.1:1");

        var first = builder.Build();
        var second = builder.Build();

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(0, first.EventsPerSecond);
        Assert.Null(first.Prices.LikelyAgentMean);
        Assert.Null(first.Coi.Erosion);
    }

    [Fact]
    public async Task Sweep_MoreSessionsThanBudget_SamplesWithinTheBudget()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 6_000);
        await node.WaitForTrafficAsync(6_000);
        var sweep = new SessionSweep(node.Node.Runtime.Catalog.Capacity, budget: 25);

        sweep.Run(node.Node.Runtime.Sessions, [0, 1, 2, 3], node.Node.Runtime.LiveSessions);

        Assert.True(node.Node.Runtime.LiveSessions > 25);
        Assert.True(sweep.Sampled);
        Assert.InRange(sweep.Scored, 1, 25);
        Assert.Equal(sweep.Scored, sweep.AgentProbability.Total);
    }
}
