using Phantom.Cluster.Membership;

namespace Phantom.Tests.Membership;

/// <summary>
/// The behaviour every <see cref="INodeRegistry"/> must have; run against SQLite (<see cref="SqliteNodeRegistryTests"/>)
/// and PostgreSQL (<see cref="PostgresNodeRegistryTests"/>). Each test gets a fresh database.
/// </summary>
public abstract class NodeRegistryContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly List<INodeRegistry> _opened = [];

    /// <summary>The connection string (or path) of this test's database.</summary>
    protected abstract string Connection { get; }

    public abstract Task InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var registry in _opened)
        {
            await registry.DisposeAsync();
        }
    }

    private async Task<INodeRegistry> OpenAsync(string cluster = "test")
    {
        var registry = await NodeRegistryFactory.OpenAsync(Connection, cluster);
        _opened.Add(registry);
        return registry;
    }

    private static NodeRecord Node(string id, DateTimeOffset heartbeat, params int[] shards) =>
        new(id, $"http://127.0.0.1:{5000 + id.Length}", ["pipeline", "pricing"], "1.2.3", T0, heartbeat, MemberStatus.Up, shards, 10, 2, 123.5);

    [Fact]
    public async Task RegisterAsync_NewNode_ListedJoiningWithEveryFieldAndJoinedLogged()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync(Node("a", T0, 1, 3));

        var node = Assert.Single(await registry.NodesAsync());
        Assert.Equal(("a", MemberStatus.Joining, "1.2.3"), (node.Id, node.Status, node.Version));
        Assert.Equal(["pipeline", "pricing"], node.Roles);
        Assert.Equal([1, 3], node.Shards);
        Assert.Equal((10L, 2L, 123.5), (node.Entities, node.Lag, node.EventsPerSecond));
        Assert.Equal((T0, T0), (node.Started, node.LastHeartbeat));
        var joined = Assert.Single(await registry.EventsAsync(0, 10));
        Assert.Equal(("a", MemberEventKind.Joined), (joined.Node, joined.Kind));
    }

    [Fact]
    public async Task HeartbeatAsync_RegisteredNode_UpdatesStatisticsKeepsStatus()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync(Node("a", T0));
        Assert.True(await registry.SetStatusAsync("a", MemberStatus.Up, MemberEventKind.Up, "serving"));

        var outcome = await registry.HeartbeatAsync(Node("a", T0.AddSeconds(1), 0, 2) with { Entities = 77, Status = MemberStatus.Joining });

        Assert.Equal(HeartbeatOutcome.Recorded, outcome);
        var node = Assert.Single(await registry.NodesAsync());
        Assert.Equal((MemberStatus.Up, 77L, T0.AddSeconds(1)), (node.Status, node.Entities, node.LastHeartbeat));
        Assert.Equal([0, 2], node.Shards);
    }

    [Fact]
    public async Task HeartbeatAsync_UnknownOrDownedNode_NotMember()
    {
        var registry = await OpenAsync();
        Assert.Equal(HeartbeatOutcome.NotMember, await registry.HeartbeatAsync(Node("ghost", T0)));

        await registry.RegisterAsync(Node("a", T0));
        Assert.Equal(DownOutcome.Downed, await registry.DownAsync("a", T0.AddSeconds(5), "ops"));
        Assert.Equal(HeartbeatOutcome.NotMember, await registry.HeartbeatAsync(Node("a", T0.AddSeconds(6))));
    }

    [Fact]
    public async Task MarkUnreachableAsync_SeveralNodesNoticeAtOnce_MarkedAndLoggedOnce()
    {
        var first = await OpenAsync();
        var second = await OpenAsync();
        await first.RegisterAsync(Node("silent", T0));
        await first.RegisterAsync(Node("alive", T0.AddSeconds(9)));

        var notices = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? first : second).MarkUnreachableAsync(T0.AddSeconds(5), $"noticer-{i}")));

        Assert.Equal(["silent"], notices.SelectMany(n => n));
        var nodes = (await first.NodesAsync()).ToDictionary(n => n.Id);
        Assert.Equal(MemberStatus.Unreachable, nodes["silent"].Status);
        Assert.Equal(MemberStatus.Joining, nodes["alive"].Status);
        var unreachable = (await first.EventsAsync(0, 100)).Where(e => e.Kind == MemberEventKind.Unreachable).ToList();
        Assert.Equal("silent", Assert.Single(unreachable).Node);
    }

    [Fact]
    public async Task HeartbeatAsync_AfterUnreachable_UpAgainAndReachableLogged()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync(Node("a", T0));
        await registry.MarkUnreachableAsync(T0.AddSeconds(5), "b");

        Assert.Equal(HeartbeatOutcome.Reachable, await registry.HeartbeatAsync(Node("a", T0.AddSeconds(6))));
        Assert.Equal(HeartbeatOutcome.Recorded, await registry.HeartbeatAsync(Node("a", T0.AddSeconds(7))));

        Assert.Equal(MemberStatus.Up, Assert.Single(await registry.NodesAsync()).Status);
        Assert.Equal(
            [MemberEventKind.Joined, MemberEventKind.Unreachable, MemberEventKind.Reachable],
            (await registry.EventsAsync(0, 100)).Select(e => e.Kind));
    }

    [Fact]
    public async Task DownAsync_EachState_AnswersAndLogsOnlyWhenDowned()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync(Node("fresh", T0.AddSeconds(10)));
        await registry.RegisterAsync(Node("stale", T0));

        Assert.Equal(DownOutcome.NotFound, await registry.DownAsync("nobody", T0.AddSeconds(5), "ops"));
        Assert.Equal(DownOutcome.StillHeartbeating, await registry.DownAsync("fresh", T0.AddSeconds(5), "ops"));
        Assert.Equal(DownOutcome.Downed, await registry.DownAsync("stale", T0.AddSeconds(5), "ops"));
        Assert.Equal(DownOutcome.AlreadyGone, await registry.DownAsync("stale", T0.AddSeconds(5), "ops"));

        var nodes = (await registry.NodesAsync()).ToDictionary(n => n.Id);
        Assert.Equal(MemberStatus.Down, nodes["stale"].Status);
        Assert.Empty(nodes["stale"].Shards);
        Assert.Single(await registry.EventsAsync(0, 100), e => e.Kind == MemberEventKind.Down && e.Node == "stale");
    }

    [Fact]
    public async Task EventsAsync_AfterAndLimit_PagesOldestFirstWithoutGapsOrRepeats()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync(Node("a", T0));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => registry.RecordAsync("a", MemberEventKind.ShardsAssigned, i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var all = new List<MemberEvent>();
        var after = 0L;
        while (true)
        {
            var page = await registry.EventsAsync(after, 6);
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 6);
            all.AddRange(page);
            after = page[^1].Seq;
        }

        Assert.Equal(21, all.Count);
        Assert.Equal(all.Select(e => e.Seq).Order(), all.Select(e => e.Seq));
        Assert.Equal(21, all.Select(e => e.Seq).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), all.Skip(1).Select(e => e.Detail).Order());
    }

    [Fact]
    public async Task NodesAsync_TwoClustersInOneDatabase_SeeOnlyTheirOwn()
    {
        var blue = await OpenAsync("blue");
        var green = await OpenAsync("green");
        await blue.RegisterAsync(Node("a", T0));
        await green.RegisterAsync(Node("a", T0));
        await green.RegisterAsync(Node("b", T0));

        Assert.Equal(["a"], (await blue.NodesAsync()).Select(n => n.Id));
        Assert.Equal(["a", "b"], (await green.NodesAsync()).Select(n => n.Id));
        Assert.Single(await blue.EventsAsync(0, 100));
    }

    [Fact]
    public async Task RegisterAsync_SameIdAgain_ReplacesRowAndLogsJoinedAgain()
    {
        var registry = await OpenAsync();
        await registry.RegisterAsync(Node("a", T0, 1));
        await registry.MarkUnreachableAsync(T0.AddSeconds(5), "b");
        await registry.RegisterAsync(Node("a", T0.AddSeconds(20), 2) with { Version = "2.0.0" });

        var node = Assert.Single(await registry.NodesAsync());
        Assert.Equal((MemberStatus.Joining, "2.0.0"), (node.Status, node.Version));
        Assert.Equal([2], node.Shards);
        Assert.Equal(2, (await registry.EventsAsync(0, 100)).Count(e => e.Kind == MemberEventKind.Joined));
    }
}
