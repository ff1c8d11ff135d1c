using System.Net;
using System.Text.Json;
using Phantom.Cluster.Admin;
using Phantom.Cluster.Ctl;
using Phantom.Cluster.Membership;
using Phantom.Cluster.Node;
using Phantom.Streams.Sessions;
using Phantom.Tests.Http;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Ctl;

/// <summary>
/// The cluster-wide ctl commands that read (<c>cluster show|status|tail</c>, <c>shards stats|where</c>,
/// <c>session show</c>) and the key errors, against two running nodes with traffic applied (<see cref="CtlClusterRig"/>):
/// <c>--json</c> output is compared with the registry and the nodes' own state, tables are checked for the same values.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)] // one Kafka class at a time: each starts many threads
public sealed class CtlClusterCommandsTests(CtlClusterRig rig) : IClassFixture<CtlClusterRig>
{
    private string NodeA => CtlClusterRig.Address(rig.A);

    private string NodeB => CtlClusterRig.Address(rig.B);

    [Fact]
    public async Task ClusterShow_Json_EqualsTheRegistrysRecords()
    {
        var result = await CtlRun.RunAsync(NodeB, NodeHarness.Key, json: true, "cluster", "show");
        var records = await rig.A.Member.Registry.NodesAsync();

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        var body = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("ctl-b", body.GetProperty("self").GetString());
        Assert.Equal(rig.A.Member.ClusterName, body.GetProperty("cluster").GetString());
        var nodes = body.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(records.Select(r => r.Id), nodes.Select(n => n.GetProperty("id").GetString()));
        foreach (var (record, node) in records.Zip(nodes))
        {
            // Heartbeat time and events/s move with every heartbeat; the rest is the record as stored.
            var expected = AdminClusterJson.Node(record);
            expected.Remove("last_heartbeat");
            expected.Remove("events_per_second");
            foreach (var (name, value) in expected)
            {
                Assert.Equal(JsonSerializer.Serialize(value), node.GetProperty(name).GetRawText());
            }
        }

        // ...and the records are the nodes' real state.
        foreach (var host in new[] { rig.A, rig.B })
        {
            var node = nodes.Single(n => n.GetProperty("id").GetString() == host.Member.Id);
            Assert.Equal("up", node.GetProperty("status").GetString());
            Assert.Equal(host.Member.Address, node.GetProperty("address").GetString());
            Assert.Equal(host.Member.HostedShards, Ints(node.GetProperty("shards")));
            Assert.Equal(host.Runtime.LiveSessions, node.GetProperty("entities").GetInt64());
            Assert.Equal(host.Roles, node.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        }
    }

    [Fact]
    public async Task ClusterShow_Table_ARowPerNodeWithStatusShardsAndEntities()
    {
        var result = await CtlRun.RunAsync(NodeA, NodeHarness.Key, json: false, "cluster", "show");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        Assert.Contains($"cluster {rig.A.Member.ClusterName}", result.Output, StringComparison.Ordinal);
        Assert.Contains("(asked ctl-a)", result.Output, StringComparison.Ordinal);
        foreach (var host in new[] { rig.A, rig.B })
        {
            var row = CtlRun.Row(result.Output, host.Member.Address);
            Assert.Contains(host.Member.Id, row, StringComparison.Ordinal);
            Assert.Contains(" up ", row, StringComparison.Ordinal);
            Assert.Contains($" {CtlJson.Ranges(host.Member.HostedShards.Select(s => (long)s))} ", row, StringComparison.Ordinal);
            Assert.Contains($" {host.Runtime.LiveSessions} ", row, StringComparison.Ordinal);
            Assert.Contains(string.Join(", ", host.Roles), row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ClusterStatus_BothUp_TotalsAndExitOk()
    {
        var table = await CtlRun.RunAsync(NodeA, NodeHarness.Key, json: false, "cluster", "status");
        var json = await CtlRun.RunAsync(NodeA, NodeHarness.Key, json: true, "cluster", "status");

        Assert.Equal(CtlExitCodes.Ok, table.ExitCode);
        Assert.Contains($"2 node(s), {CtlClusterRig.Partitions} shard(s), {rig.Sessions.Count} entities", table.Output, StringComparison.Ordinal);
        Assert.Contains("up: 2 (ctl-a, ctl-b)", table.Output, StringComparison.Ordinal);
        Assert.Equal(CtlExitCodes.Ok, json.ExitCode);
        var statuses = JsonDocument.Parse(json.Output).RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("status").GetString());
        Assert.Equal(["up", "up"], statuses);
    }

    [Fact]
    public async Task ClusterTail_StageAttachedWhileFollowing_PrintsTheNewEvent()
    {
        var attached = false;
        var result = await CtlRun.FollowAsync(NodeB, NodeHarness.Key, json: true, output =>
        {
            // Once the backlog is out, change ctl-a's graph (recorded in the membership log) and wait for it.
            if (!attached && output.Contains("\"kind\":\"up\"", StringComparison.Ordinal))
            {
                var attach = CtlRun.RunAsync(NodeA, NodeHarness.Key, json: false, "stages", "attach", "log-tap").GetAwaiter().GetResult();
                Assert.Equal(CtlExitCodes.Ok, attach.ExitCode);
                attached = true;
            }

            return output.Contains("stage-attached", StringComparison.Ordinal);
        }, "cluster", "tail");
        var detach = await CtlRun.RunAsync(NodeA, NodeHarness.Key, json: false, "stages", "detach", "log-tap");

        Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
        Assert.Equal(CtlExitCodes.Ok, detach.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var seqs = lines.Select(l => l.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Length, seqs.Distinct().Count());
        var stage = lines.Single(l => l.GetProperty("kind").GetString() == MemberEventKind.StageAttached);
        Assert.Equal("ctl-a", stage.GetProperty("node").GetString());
        Assert.Contains("log-tap", stage.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var logged = (await rig.A.Member.Registry.EventsAsync(0, 1000)).Single(e => e.Seq == stage.GetProperty("seq").GetInt64());
        Assert.Equal(MemberEventKind.StageAttached, logged.Kind);
        Assert.Contains(lines, l => l.GetProperty("node").GetString() == "ctl-b" && l.GetProperty("kind").GetString() == MemberEventKind.Joined);
    }

    [Fact]
    public async Task ShardsStats_JsonAndTable_EachNodesShardsAndLiveSessions()
    {
        var json = await CtlRun.RunAsync(NodeA, NodeHarness.Key, json: true, "shards", "stats");
        var table = await CtlRun.RunAsync(NodeB, NodeHarness.Key, json: false, "shards", "stats");
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var session in rig.Sessions)
        {
            var live = await rig.FindAsync(session) ?? throw new Xunit.Sdk.XunitException($"no node holds {session}");
            owners[live.Owner.Member.Id] = owners.GetValueOrDefault(live.Owner.Member.Id) + 1;
        }

        Assert.Equal(CtlExitCodes.Ok, json.ExitCode);
        var nodes = JsonDocument.Parse(json.Output).RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("node").GetString()!, n => n);
        Assert.Equal(2, nodes.Count);
        foreach (var host in new[] { rig.A, rig.B })
        {
            var node = nodes[host.Member.Id];
            Assert.Equal(host.Member.HostedShards, Ints(node.GetProperty("shards")));
            Assert.Equal(host.Runtime.LiveSessions, node.GetProperty("entities").GetInt64());
            Assert.Equal(owners.GetValueOrDefault(host.Member.Id), node.GetProperty("entities").GetInt64());
            Assert.Equal(0, node.GetProperty("lag").GetInt64());
        }

        Assert.Equal(CtlExitCodes.Ok, table.ExitCode);
        foreach (var host in new[] { rig.A, rig.B })
        {
            var row = CtlRun.Row(table.Output, $"│ {host.Member.Id}");
            Assert.Contains($" {host.Member.HostedShards.Count} ", row, StringComparison.Ordinal);
            Assert.Contains($" {CtlJson.Ranges(host.Member.HostedShards.Select(s => (long)s))} ", row, StringComparison.Ordinal);
            Assert.Contains($" {host.Runtime.LiveSessions} ", row, StringComparison.Ordinal);
        }

        var total = CtlRun.Row(table.Output, "total");
        Assert.Contains($" {CtlClusterRig.Partitions} ", total, StringComparison.Ordinal);
        Assert.Contains($" {rig.Sessions.Count} ", total, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardsWhere_EverySessionAskedThroughEitherNode_ThePartitionItLivesOnAndItsOwner()
    {
        foreach (var session in rig.Sessions.Take(8))
        {
            var live = await rig.FindAsync(session) ?? throw new Xunit.Sdk.XunitException($"no node holds {session}");
            foreach (var asked in new[] { NodeA, NodeB })
            {
                var result = await CtlRun.RunAsync(asked, NodeHarness.Key, json: true, "shards", "where", session);

                Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
                var body = JsonDocument.Parse(result.Output).RootElement;
                Assert.Equal(session, body.GetProperty("session_id").GetString());
                Assert.Equal(live.Shard, body.GetProperty("shard").GetInt32());
                Assert.Equal(live.Owner.Member.Id, body.GetProperty("node").GetString());
                Assert.Equal(live.Owner.Member.Address, body.GetProperty("address").GetString());
            }
        }

        var first = await rig.FindAsync(rig.Sessions[0]);
        var table = await CtlRun.RunAsync(NodeA, NodeHarness.Key, json: false, "shards", "where", rig.Sessions[0]);
        Assert.Equal(CtlExitCodes.Ok, table.ExitCode);
        Assert.Contains(first!.Owner.Member.Id, CtlRun.Row(table.Output, "│ node"), StringComparison.Ordinal);
        Assert.Contains($" {first.Shard} ", CtlRun.Row(table.Output, "│ shard"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionShow_OnTheOwnerAndForwardedByTheOther_JsonEqualsTheEntitysState()
    {
        // One session owned by each node, of the longest ones (4 events, a cart add among them): each is asked on its
        // owner (answered locally) and on the other node (forwarded one hop).
        var sessions = new List<LiveSession>();
        foreach (var session in rig.Sessions.Select((s, i) => (s, i)).OrderByDescending(p => CtlClusterRig.EventsOf(p.i)).Select(p => p.s))
        {
            var live = await rig.FindAsync(session);
            if (live is not null && sessions.All(s => s.Owner != live.Owner))
            {
                sessions.Add(live);
            }
        }

        Assert.Equal(2, sessions.Count);
        foreach (var live in sessions)
        {
            var id = live.SessionId;
            var other = live.Owner == rig.A ? rig.B : rig.A;
            foreach (var asked in new[] { live.Owner, other })
            {
                var result = await CtlRun.RunAsync(CtlClusterRig.Address(asked), NodeHarness.Key, json: true, "session", "show", id);

                Assert.Equal(CtlExitCodes.Ok, result.ExitCode);
                AssertState(live, id, JsonDocument.Parse(result.Output).RootElement);
            }

            var table = await CtlRun.RunAsync(CtlClusterRig.Address(other), NodeHarness.Key, json: false, "session", "show", id);
            Assert.Equal(CtlExitCodes.Ok, table.ExitCode);
            Assert.Contains($"session {id}", table.Output, StringComparison.Ordinal);
            Assert.Contains(live.Owner.Member.Id, CtlRun.Row(table.Output, "│ node"), StringComparison.Ordinal);
            Assert.Contains($" {live.Events} ", CtlRun.Row(table.Output, "│ events"), StringComparison.Ordinal);
            Assert.Contains("item_views", table.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SessionShow_UnknownSession_ExitNotFoundNamingTheNode()
    {
        foreach (var asked in new[] { NodeA, NodeB })
        {
            var result = await CtlRun.RunAsync(asked, NodeHarness.Key, json: false, "session", "show", "nobody-here");

            Assert.Equal(CtlExitCodes.NotFound, result.ExitCode);
            Assert.Equal(5, result.ExitCode);
            Assert.Contains($"node {asked}: unknown session 'nobody-here'", result.Error, StringComparison.Ordinal);
            Assert.Equal("", result.Output);
        }
    }

    [Fact]
    public async Task AnyCommand_WrongKey_Exit4BadKeyNamingTheNode()
    {
        var result = await CtlRun.RunAsync(NodeA, "wrong", json: false, "cluster", "show");

        Assert.Equal(CtlExitCodes.BadKey, result.ExitCode);
        Assert.Contains($"node {NodeA} (answering as ctl-a): bad key (403: wrong X-Phantom-Key)", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task AnyCommand_MissingKey_Exit4BadKeyNamingTheNode()
    {
        var result = await CtlRun.RunAsync(NodeB, key: null, json: true, "shards", "stats");

        Assert.Equal(CtlExitCodes.BadKey, result.ExitCode);
        Assert.Contains($"node {NodeB} (answering as ctl-b): bad key (401: missing X-Phantom-Key header)", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "missing X-Phantom-Key header")]
    [InlineData("wrong", HttpStatusCode.Forbidden, "wrong X-Phantom-Key")]
    public async Task AdminRoute_BadKey_ErrorBodyNamesTheNode(string? key, HttpStatusCode status, string reason)
    {
        using var client = new HttpClient { BaseAddress = new Uri(rig.A.Http.BoundUrls[0]) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Phantom-Key", key);
        }

        foreach (var path in new[] { "/admin/cluster", "/admin/metrics" })
        {
            using var response = await client.GetAsync(path);

            Assert.Equal(status, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(reason, body.GetProperty("error").GetString());
            Assert.Equal("ctl-a", body.GetProperty("node").GetString());
        }
    }

    private static void AssertState(LiveSession live, string id, JsonElement body)
    {
        Assert.Equal(id, body.GetProperty("session_id").GetString());
        Assert.Equal(live.Shard, body.GetProperty("shard").GetInt32());
        Assert.Equal(live.Owner.Member.Id, body.GetProperty("node").GetString());
        Assert.Equal(live.Events, body.GetProperty("events").GetInt64());
        var features = body.GetProperty("features");
        Assert.Equal(SessionFeatures.FeatureNames, features.EnumerateObject().Select(f => f.Name));
        for (var i = 0; i < SessionFeatures.FeatureNames.Count; i++)
        {
            Assert.Equal(Number(live.Features[i]), Number(features.GetProperty(SessionFeatures.FeatureNames[i])));
        }

        Assert.Equal(Number(live.AgentProbability), Number(body.GetProperty("f_tau")));
        var qHat = body.GetProperty("q_hat");
        Assert.Equal(Number(live.Demand), Number(qHat.GetProperty("session")));
        Assert.Equal(
            live.ProductDemand.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, Number(p.Value))),
            qHat.GetProperty("products").EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => (p.Name, Number(p.Value))));
        Assert.NotEmpty(live.ProductDemand); // every session viewed a product
    }

    // The API writes a non-finite value as null.
    private static double? Number(double value) => double.IsFinite(value) ? value : null;

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(s => s.GetInt32()).ToArray();
}
