using System.Text.Json;
using Phantom.Cluster.Ctl;
using Phantom.Cluster.Membership;
using Phantom.Cluster.Node;
using Phantom.Tests.Http;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Ctl;

/// <summary>
/// The ctl commands that change membership, against two running nodes of their own: <c>cluster leave</c> asked
/// through the other node (forwarded; the leaver's shards move and the log shows it leaving then removed) and
/// <c>cluster down</c> (refused while the node heartbeats, accepted once a killed node is unreachable).
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class CtlClusterChangesTests(KafkaMockClusterFixture kafka) : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "phantom-ctl-changes-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<NodeHost> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task ClusterLeave_OtherNodeAskedThroughThisOne_ForwardedShardsMoveAndLogShowsLeavingRemoved()
    {
        var topics = kafka.NewOptions("ctl-leave", partitions: CtlClusterRig.Partitions);
        var stay = await CtlClusterRig.StartNodeAsync(_nodes, topics, _folder, "stay");
        var leave = await CtlClusterRig.StartNodeAsync(_nodes, topics, _folder, "leave");
        await CtlClusterRig.WaitUntilAsync(() => Task.FromResult(CtlClusterRig.BothHostShards(stay, leave)), "both nodes hosting shards");
        var sessions = Enumerable.Range(0, 12).Select(i => $"ctl-leave-{i}").ToArray();
        await CtlClusterRig.IngestAsync(stay, sessions.Select(s => NodeHarness.Event(s)));
        await CtlClusterRig.WaitUntilAsync(() => Task.FromResult(stay.Runtime.Pipeline.RecordsSettled() + leave.Runtime.Pipeline.RecordsSettled() >= sessions.Length), "the traffic processed");
        var node = CtlClusterRig.Address(stay);

        var asked = await CtlRun.RunAsync(node, NodeHarness.Key, json: true, "cluster", "leave", "leave");

        Assert.Equal(CtlExitCodes.Ok, asked.ExitCode);
        var answer = JsonDocument.Parse(asked.Output).RootElement;
        Assert.Equal("leave", answer.GetProperty("node").GetString());
        Assert.Equal("leaving", answer.GetProperty("status").GetString());
        Assert.False(answer.GetProperty("already").GetBoolean());
        Assert.True(leave.Member.LeaveRequested.IsCancellationRequested, "the request reached the leaving node");
        Assert.False(stay.Member.LeaveRequested.IsCancellationRequested);

        // What phantom node does when LeaveRequested fires: drain, commit, hand the shards off.
        Assert.True(await leave.StopAsync());
        await CtlClusterRig.WaitUntilAsync(() => Task.FromResult(stay.Member.HostedShards.Count == CtlClusterRig.Partitions), "the remaining node to host every shard");
        await CtlClusterRig.WaitUntilAsync(async () => await CtlClusterRig.RegistryCaughtUpAsync(stay), "the registry showing it");

        var show = await CtlRun.RunAsync(node, NodeHarness.Key, json: true, "cluster", "show");
        var nodes = JsonDocument.Parse(show.Output).RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n);
        Assert.Equal("removed", nodes["leave"].GetProperty("status").GetString());
        Assert.Equal(Enumerable.Range(0, CtlClusterRig.Partitions), nodes["stay"].GetProperty("shards").EnumerateArray().Select(s => s.GetInt32()));
        var stats = await CtlRun.RunAsync(node, NodeHarness.Key, json: true, "shards", "stats");
        var remaining = JsonDocument.Parse(stats.Output).RootElement.GetProperty("nodes").EnumerateArray().Single(); // removed nodes are left out
        Assert.Equal("stay", remaining.GetProperty("node").GetString());
        Assert.Equal(CtlClusterRig.Partitions, remaining.GetProperty("shards").GetArrayLength());

        var tail = await CtlRun.FollowAsync(node, NodeHarness.Key, json: true, output => output.Contains("\"kind\":\"removed\"", StringComparison.Ordinal), "cluster", "tail");
        var log = tail.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var leaverKinds = log.Where(e => e.GetProperty("node").GetString() == "leave").Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(MemberEventKind.Removed, leaverKinds[^1]);
        Assert.True(leaverKinds.IndexOf(MemberEventKind.Leaving) >= 0 && leaverKinds.IndexOf(MemberEventKind.Leaving) < leaverKinds.IndexOf(MemberEventKind.Removed));
        var leavingSeq = log.First(e => e.GetProperty("kind").GetString() == MemberEventKind.Leaving).GetProperty("seq").GetInt64();
        Assert.Contains(log, e => e.GetProperty("node").GetString() == "stay" && e.GetProperty("kind").GetString() == MemberEventKind.ShardsAssigned && e.GetProperty("seq").GetInt64() > leavingSeq);

        // The leaver is gone: asking it to leave again is a conflict, said by the node asked.
        var again = await CtlRun.RunAsync(node, NodeHarness.Key, json: false, "cluster", "leave", "leave");
        Assert.Equal(CtlExitCodes.Failed, again.ExitCode);
        Assert.Contains("409 node 'leave' is removed", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterDown_LiveNodeRefusedThenKilledNodeOnceUnreachable_MarkedDown()
    {
        var topics = kafka.NewOptions("ctl-down", partitions: CtlClusterRig.Partitions);
        var live = await CtlClusterRig.StartNodeAsync(_nodes, topics, _folder, "live", unreachableAfter: "1s");
        var dead = await CtlClusterRig.StartNodeAsync(_nodes, topics, _folder, "dead", unreachableAfter: "1s");
        await CtlClusterRig.WaitUntilAsync(() => Task.FromResult(live.Member.Nodes.Count(n => n.Status == MemberStatus.Up) == 2), "both nodes up");
        var node = CtlClusterRig.Address(live);

        var refused = await CtlRun.RunAsync(node, NodeHarness.Key, json: false, "cluster", "down", "dead");
        var unknown = await CtlRun.RunAsync(node, NodeHarness.Key, json: false, "cluster", "down", "ghost");

        Assert.Equal(CtlExitCodes.Failed, refused.ExitCode);
        Assert.Contains($"node {node} (answering as live): 409 node 'dead' is still heartbeating", refused.Error, StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("unknown node 'ghost'", unknown.Error, StringComparison.Ordinal);

        await dead.CrashAsync();
        await CtlClusterRig.WaitUntilAsync(async () => (await live.Member.Registry.NodesAsync()).Single(n => n.Id == "dead").Status == MemberStatus.Unreachable, "the killed node marked unreachable");
        var status = await CtlRun.RunAsync(node, NodeHarness.Key, json: false, "cluster", "status");
        var down = await CtlRun.RunAsync(node, NodeHarness.Key, json: true, "cluster", "down", "dead");
        var after = await CtlRun.RunAsync(node, NodeHarness.Key, json: false, "cluster", "show");
        var twice = await CtlRun.RunAsync(node, NodeHarness.Key, json: false, "cluster", "down", "dead");

        Assert.Equal(CtlExitCodes.Failed, status.ExitCode);
        Assert.Contains("unreachable: 1 (dead)", status.Output, StringComparison.Ordinal);
        Assert.Contains("1 node(s) unreachable", status.Error, StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Ok, down.ExitCode);
        var answer = JsonDocument.Parse(down.Output).RootElement;
        Assert.Equal("dead", answer.GetProperty("node").GetString());
        Assert.Equal("down", answer.GetProperty("status").GetString());
        Assert.Equal(MemberStatus.Down, (await live.Member.Registry.NodesAsync()).Single(n => n.Id == "dead").Status);
        Assert.Contains(" down ", CtlRun.Row(after.Output, "│ dead"), StringComparison.Ordinal);
        Assert.Contains(" up ", CtlRun.Row(after.Output, "│ live"), StringComparison.Ordinal);
        Assert.Contains((await live.Member.Registry.EventsAsync(0, 1000)), e => e.Node == "dead" && e.Kind == MemberEventKind.Down);
        Assert.Equal(CtlExitCodes.Failed, twice.ExitCode);
        Assert.Contains("409 node 'dead' is already removed or down", twice.Error, StringComparison.Ordinal);
    }
}
