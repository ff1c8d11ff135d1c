using Phantom.Cluster.Membership;
using Phantom.Streams.Cluster;

namespace Phantom.Tests.Membership;

/// <summary>Two members sharing one SQLite registry file: registration, shard logging, unreachable detection, leaving.</summary>
public sealed class ClusterMemberTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "phantom-member-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<ClusterMember> _members = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<ClusterMember> StartAsync(string id, int port, TimeSpan? unreachableAfter = null)
    {
        var options = new ClusterOptions
        {
            Name = "test",
            NodeId = id,
            HeartbeatInterval = TimeSpan.FromMilliseconds(50),
            UnreachableAfter = unreachableAfter ?? TimeSpan.FromMilliseconds(600),
            Connection = Path.Combine(_folder, "cluster.db"),
        };
        var registry = await NodeRegistryFactory.OpenAsync(options, "");
        var member = new ClusterMember(registry, options, 4, kafka: true, ["pipeline"], () => new NodeStatistics(5, 1, 100));
        _members.Add(member);
        await member.StartAsync([$"http://127.0.0.1:{port}"]);
        return member;
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task StartAsync_ConfiguredId_RegisteredUpWithAddressRolesAndStatistics()
    {
        var member = await StartAsync("node-a", 5101);

        var node = Assert.Single(await member.Registry.NodesAsync());
        Assert.Equal(("node-a", "http://127.0.0.1:5101", MemberStatus.Up), (node.Id, node.Address, node.Status));
        Assert.Equal(["pipeline"], node.Roles);
        Assert.Equal((5L, 1L), (node.Entities, node.Lag));
        Assert.Equal([MemberEventKind.Joined, MemberEventKind.Up], (await member.Registry.EventsAsync(0, 10)).Select(e => e.Kind));
    }

    [Fact]
    public async Task StartAsync_NoConfiguredId_IdIsHostAndPortOfItsAddress()
    {
        var member = await StartAsync("", 5107);

        Assert.Equal("127.0.0.1:5107", member.Id);
    }

    [Fact]
    public async Task OnShardsAssignedAndRevoked_ConsumerThread_HostedAtOnceLoggedAndHeartbeat()
    {
        var member = await StartAsync("node-a", 5102);

        member.OnShardsAssigned([3, 1]);
        Assert.True(member.Hosts(1) && member.Hosts(3) && !member.Hosts(0));
        member.OnShardsRevoked([3]);
        Assert.Equal([1], member.HostedShards);

        await WaitUntil(async () => (await member.Registry.EventsAsync(0, 100)).Any(e => e.Kind == MemberEventKind.ShardsRevoked), "the revocation in the log");
        var shardEvents = (await member.Registry.EventsAsync(0, 100)).Where(e => e.Kind is MemberEventKind.ShardsAssigned or MemberEventKind.ShardsRevoked).ToList();
        Assert.Equal([(MemberEventKind.ShardsAssigned, "1,3"), (MemberEventKind.ShardsRevoked, "3")], shardEvents.Select(e => (e.Kind, e.Detail)));
        await WaitUntil(async () => (await member.Registry.NodesAsync()).Single().Shards.SequenceEqual([1]), "shards [1] in the registry");
    }

    [Fact]
    public async Task HeartbeatsStop_OtherMemberRunning_MarkedUnreachableOnceThenDownable()
    {
        // Seconds, not the class's 600 ms: on a loaded CI machine a live member's heartbeat loop can stall past a short
        // limit, and this test asserts that no live member is ever marked unreachable.
        var patience = TimeSpan.FromSeconds(3);
        var watcher = await StartAsync("watcher", 5103, patience);
        var silent = await StartAsync("silent", 5104, patience);
        var also = await StartAsync("also-watching", 5105, patience);

        await silent.StopAsync(removed: false); // like a crash: no leave, no more heartbeats

        await WaitUntil(async () => watcher.Nodes.Any(n => n.Id == "silent" && n.Status == MemberStatus.Unreachable), "silent marked unreachable");
        await Task.Delay(300); // both watchers keep sweeping
        var events = await watcher.Registry.EventsAsync(0, 1000);
        Assert.Single(events, e => e.Kind == MemberEventKind.Unreachable && e.Node == "silent");
        Assert.DoesNotContain(events, e => e.Kind == MemberEventKind.Unreachable && e.Node != "silent");
        Assert.Null(watcher.OwnerOf(0));

        Assert.Equal(DownOutcome.Downed, await also.Registry.DownAsync("silent", DateTimeOffset.UtcNow - also.UnreachableAfter, also.Id));
        Assert.Equal(DownOutcome.StillHeartbeating, await also.Registry.DownAsync("watcher", DateTimeOffset.UtcNow - also.UnreachableAfter, also.Id));
    }

    [Fact]
    public async Task OwnerOf_ShardHostedByAnotherLiveMember_ThatMember()
    {
        var a = await StartAsync("node-a", 5108);
        var b = await StartAsync("node-b", 5109);
        b.OnShardsAssigned([2]);

        await WaitUntil(() => Task.FromResult(a.OwnerOf(2)?.Id == "node-b"), "node-a to learn node-b hosts shard 2");
        Assert.Null(a.OwnerOf(1));
        Assert.Null(b.OwnerOf(2)); // never itself
    }

    [Fact]
    public async Task LeaveThenStop_Graceful_LeavingThenRemovedAndLeaveRequestedFires()
    {
        var member = await StartAsync("node-a", 5106);
        member.OnShardsAssigned([0, 1]);

        Assert.True(await member.LeaveAsync("test"));
        Assert.False(await member.LeaveAsync("again"));
        Assert.True(member.LeaveRequested.IsCancellationRequested);
        member.OnShardsRevoked([0, 1]);
        await member.StopAsync(removed: true);

        var kinds = (await member.Registry.EventsAsync(0, 100)).Select(e => e.Kind).ToList();
        Assert.Equal(MemberEventKind.Removed, kinds[^1]);
        Assert.True(kinds.IndexOf(MemberEventKind.Leaving) < kinds.IndexOf(MemberEventKind.ShardsRevoked));
        var node = Assert.Single(await member.Registry.NodesAsync());
        Assert.Equal(MemberStatus.Removed, node.Status);
        Assert.Empty(node.Shards);
    }

    [Fact]
    public void Constructor_UnreachableAfterNotAboveHeartbeat_ConfigurationErrorNamingTheKey()
    {
        var options = new ClusterOptions { HeartbeatInterval = TimeSpan.FromSeconds(2), UnreachableAfter = TimeSpan.FromSeconds(1) };
        var error = Assert.Throws<Phantom.Streams.Configuration.ConfigurationException>(() =>
            new ClusterMember(new NullRegistry(), options, 2, false, [], () => default));
        Assert.Contains("phantom.cluster.unreachable-after", error.Message, StringComparison.Ordinal);
    }

    private sealed class NullRegistry : INodeRegistry
    {
        public string Cluster => "none";

        public Task RegisterAsync(NodeRecord node, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<HeartbeatOutcome> HeartbeatAsync(NodeRecord node, CancellationToken cancellationToken = default) => Task.FromResult(HeartbeatOutcome.Recorded);

        public Task<bool> SetStatusAsync(string node, string status, string kind, string detail, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task<MemberEvent> RecordAsync(string node, string kind, string detail, CancellationToken cancellationToken = default) =>
            Task.FromResult(new MemberEvent(1, DateTimeOffset.UnixEpoch, node, kind, detail));

        public Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<NodeRecord>>([]);

        public Task<IReadOnlyList<MemberEvent>> EventsAsync(long after, int limit, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<MemberEvent>>([]);

        public Task<IReadOnlyList<string>> MarkUnreachableAsync(DateTimeOffset heartbeatBefore, string noticedBy, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task<DownOutcome> DownAsync(string node, DateTimeOffset heartbeatBefore, string by, CancellationToken cancellationToken = default) => Task.FromResult(DownOutcome.NotFound);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
