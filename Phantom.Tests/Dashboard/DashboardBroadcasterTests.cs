using Phantom.Cluster.Dashboard;

namespace Phantom.Tests.Dashboard;

public sealed class DashboardBroadcasterTests
{
    [Fact]
    public async Task NextAsync_TwoClients_ShareOneFrame()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        // A tick long enough that the two waits below cannot straddle two frames on a loaded machine.
        var broadcaster = new DashboardBroadcaster(Builder(node), TimeSpan.FromMilliseconds(500));
        var first = broadcaster.Subscribe();
        var second = broadcaster.Subscribe();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var next = await Task.WhenAll(broadcaster.NextAsync(first, timeout.Token), broadcaster.NextAsync(first, timeout.Token));

            Assert.Same(first, second);
            Assert.Same(next[0], next[1]);
            Assert.Same(next[0].Json, next[1].Json); // serialised once, written to both
            Assert.True(next[0].Snapshot.Sequence > first.Snapshot.Sequence);
        }
        finally
        {
            broadcaster.Unsubscribe();
            broadcaster.Unsubscribe();
        }
    }

    [Fact]
    public async Task Ticker_LastClientLeaves_StopsBuildingFrames()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        var broadcaster = new DashboardBroadcaster(Builder(node), TimeSpan.FromMilliseconds(20));
        var frame = broadcaster.Subscribe();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await broadcaster.NextAsync(frame, timeout.Token);
        broadcaster.Unsubscribe();

        await Task.Delay(200); // several intervals: the ticker notices nobody watches and ends
        var built = broadcaster.FramesBuilt;
        await Task.Delay(200);

        Assert.Equal(0, broadcaster.Subscribers);
        Assert.Equal(built, broadcaster.FramesBuilt);
    }

    [Fact]
    public async Task Current_NobodyWatching_BuildsAFreshFrame()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);
        var broadcaster = new DashboardBroadcaster(Builder(node));

        var first = broadcaster.Current();
        var second = broadcaster.Current();

        Assert.True(second.Snapshot.Sequence > first.Snapshot.Sequence);
        Assert.Equal(2, broadcaster.FramesBuilt);
    }

    [Fact]
    public async Task Constructor_NonPositiveInterval_Throws()
    {
        await using var node = await DashboardNode.StartAsync(maxEvents: 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => new DashboardBroadcaster(Builder(node), TimeSpan.Zero));
    }

    private static DashboardSnapshotBuilder Builder(DashboardNode node) =>
        new(node.Node.Runtime, () => [0, 1, 2, 3], () => "n1", () => "http://127.0.0.1:1");
}
