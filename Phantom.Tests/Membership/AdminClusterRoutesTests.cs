using System.Net;
using System.Text.Json;
using Phantom.Cluster.Membership;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Tests.Http;

namespace Phantom.Tests.Membership;

/// <summary>The cluster admin routes on a running embedded node (one member hosting every shard, in-memory registry).</summary>
public sealed class AdminClusterRoutesTests : IAsyncLifetime
{
    private NodeHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await NodeHarness.StartAsync(redis: null);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? key = NodeHarness.Key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Phantom-Key", key);
        }

        using var response = await _harness.Client.SendAsync(request);
        return (response.StatusCode, await NodeHarness.JsonOf(response));
    }

    private async Task IngestAsync(params string[] sessions)
    {
        var body = string.Join("\n", sessions.Select(s => NodeHarness.Event(s)));
        using var response = await _harness.PostAsync("/api/kafka/ingest/batch", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (_harness.Node.Runtime.Pipeline.RecordsSettled() < sessions.Length)
        {
            Assert.True(DateTime.UtcNow < deadline, "the events were not processed in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Cluster_RunningNode_SelfUpWithEveryShardInTheDocumentedShape()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/admin/cluster");

        Assert.Equal(HttpStatusCode.OK, status);
        var self = body.GetProperty("self").GetString();
        Assert.Equal(_harness.Node.Member.Id, self);
        Assert.Equal("phantom", body.GetProperty("cluster").GetString());
        var node = Assert.Single(body.GetProperty("nodes").EnumerateArray());
        Assert.Equal(
            ["id", "address", "roles", "version", "started", "last_heartbeat", "status", "shards", "entities", "lag", "events_per_second"],
            node.EnumerateObject().Select(p => p.Name));
        Assert.Equal(self, node.GetProperty("id").GetString());
        Assert.Equal(_harness.Node.Http.BoundUrls[0].TrimEnd('/'), node.GetProperty("address").GetString());
        Assert.Equal("up", node.GetProperty("status").GetString());
        Assert.Equal([0, 1], node.GetProperty("shards").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(["pipeline", "pricing", "ingest"], node.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task AdminRoutes_NoKey_Refused()
    {
        foreach (var path in new[] { "/admin/cluster", "/admin/cluster/events", "/admin/shards", "/admin/shards/where/x", "/admin/sessions/x" })
        {
            var (status, _) = await SendAsync(HttpMethod.Get, path, key: null);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }
    }

    [Fact]
    public async Task Events_AfterAndLimit_TailsTheLogByLast()
    {
        var (status, first) = await SendAsync(HttpMethod.Get, "/admin/cluster/events?limit=1");
        Assert.Equal(HttpStatusCode.OK, status);
        var joined = Assert.Single(first.GetProperty("events").EnumerateArray());
        Assert.Equal(["seq", "at", "node", "kind", "detail"], joined.EnumerateObject().Select(p => p.Name));
        Assert.Equal("joined", joined.GetProperty("kind").GetString());
        var last = first.GetProperty("last").GetInt64();
        Assert.Equal(joined.GetProperty("seq").GetInt64(), last);

        var (_, rest) = await SendAsync(HttpMethod.Get, $"/admin/cluster/events?after={last}");
        var kinds = rest.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["up", "shards-assigned"], kinds.Take(2));
        Assert.True(rest.GetProperty("last").GetInt64() > last);

        var (empty, none) = await SendAsync(HttpMethod.Get, $"/admin/cluster/events?after={rest.GetProperty("last").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, empty);
        Assert.Empty(none.GetProperty("events").EnumerateArray());
        Assert.Equal(rest.GetProperty("last").GetInt64(), none.GetProperty("last").GetInt64());

        var (bad, error) = await SendAsync(HttpMethod.Get, "/admin/cluster/events?limit=0");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains("limit", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(_harness.Node.Member.Id, error.GetProperty("node").GetString());
    }

    [Fact]
    public async Task ShardsAndWhere_OneNode_EveryShardHereAndSessionsLocated()
    {
        await IngestAsync("where-1", "where-1", "where-2");
        await _harness.Node.Member.RoundAsync();

        var (status, shards) = await SendAsync(HttpMethod.Get, "/admin/shards");
        Assert.Equal(HttpStatusCode.OK, status);
        var node = Assert.Single(shards.GetProperty("nodes").EnumerateArray());
        Assert.Equal(["node", "shards", "entities", "lag", "events_per_second"], node.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, node.GetProperty("entities").GetInt64());

        var (_, where) = await SendAsync(HttpMethod.Get, "/admin/shards/where/where-2");
        Assert.Equal("where-2", where.GetProperty("session_id").GetString());
        Assert.Equal(Utf8Hash.Partition(Utf8Hash.Of("where-2"), 2), where.GetProperty("shard").GetInt32());
        Assert.Equal(_harness.Node.Member.Id, where.GetProperty("node").GetString());
        Assert.Equal(_harness.Node.Member.Address, where.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Session_LiveSession_EqualsTheEntitysState()
    {
        await IngestAsync("state-1", "state-1", "state-1", "state-2");
        var shard = Utf8Hash.Partition(Utf8Hash.Of("state-1"), 2);

        var (status, state) = await SendAsync(HttpMethod.Get, "/admin/sessions/state-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            ["session_id", "shard", "node", "events", "last_sequence", "features", "f_tau", "q_hat", "prices", "last_events"],
            state.EnumerateObject().Select(p => p.Name));
        // The pipeline is idle now: reading the entity from here cannot race its shard.
        Assert.True(_harness.Node.Runtime.Sessions[shard]!.TryGet(Utf8Hash.Of("state-1"), out var entity));
        Assert.Equal(shard, state.GetProperty("shard").GetInt32());
        Assert.Equal(3, state.GetProperty("events").GetInt64());
        Assert.Equal(entity.Sequence, state.GetProperty("last_sequence").GetInt64());
        Assert.Equal(entity.AgentProbability, state.GetProperty("f_tau").GetDouble());
        Assert.Equal(entity.Demand, state.GetProperty("q_hat").GetProperty("session").GetDouble());
        Assert.Equal(entity.ProductDemand(_harness.Node.Runtime.Catalog.All.Single(p => p.Id == "hotel-deluxe-01").Index),
            state.GetProperty("q_hat").GetProperty("products").GetProperty("hotel-deluxe-01").GetDouble());
        var snapshot = entity.Snapshot();
        var features = state.GetProperty("features");
        Assert.Equal(SessionFeatures.FeatureNames, features.EnumerateObject().Select(p => p.Name));
        foreach (var name in SessionFeatures.FeatureNames)
        {
            Assert.Equal(snapshot[name], features.GetProperty(name).GetDouble());
        }

        Assert.True(_harness.Node.HotStore.TryGetSessionPrice("state-1", entity.QuotedProduct, out var quoted));
        Assert.Equal(Math.Round(quoted.Price, 2), state.GetProperty("prices").GetProperty("hotel-deluxe-01").GetDouble());
        Assert.Empty(state.GetProperty("last_events").EnumerateArray());
    }

    [Fact]
    public async Task StageAttachAndDetach_AtRunTime_RecordedInTheMembershipLog()
    {
        using (var attach = await _harness.PostAsync("/admin/stages/attach", "{\"name\":\"sample\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, attach.StatusCode);
        }

        using (var detach = await _harness.PostAsync("/admin/stages/detach", "{\"name\":\"sample\"}"))
        {
            Assert.Equal(HttpStatusCode.OK, detach.StatusCode);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        IReadOnlyList<MemberEvent> events;
        while (!(events = await _harness.Node.Member.Registry.EventsAsync(0, 100)).Any(e => e.Kind == MemberEventKind.StageDetached))
        {
            Assert.True(DateTime.UtcNow < deadline, "the detach never reached the membership log");
            await Task.Delay(20);
        }

        var stages = events.Where(e => e.Kind is MemberEventKind.StageAttached or MemberEventKind.StageDetached).ToList();
        Assert.Equal([MemberEventKind.StageAttached, MemberEventKind.StageDetached], stages.Select(e => e.Kind));
        Assert.All(stages, e => Assert.Equal(_harness.Node.Member.Id, e.Node));
        Assert.Contains("sample", stages[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_Unknown_404NamingTheSessionAndNode()
    {
        var (status, error) = await SendAsync(HttpMethod.Get, "/admin/sessions/never-seen");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("never-seen", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(_harness.Node.Member.Id, error.GetProperty("node").GetString());
    }

    [Fact]
    public async Task Down_SelfOrUnknown_409And404()
    {
        var (self, _) = await SendAsync(HttpMethod.Post, $"/admin/cluster/down/{_harness.Node.Member.Id}");
        Assert.Equal(HttpStatusCode.Conflict, self);
        var (unknown, _) = await SendAsync(HttpMethod.Post, "/admin/cluster/down/nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        var (leaveUnknown, _) = await SendAsync(HttpMethod.Post, "/admin/cluster/leave/nobody");
        Assert.Equal(HttpStatusCode.NotFound, leaveUnknown);
    }

    [Fact]
    public async Task Leave_Self_AcceptedLeavingLoggedAndLeaveRequested()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, $"/admin/cluster/leave/{_harness.Node.Member.Id}");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("leaving", body.GetProperty("status").GetString());
        Assert.True(_harness.Node.Member.LeaveRequested.IsCancellationRequested);
        Assert.Equal(MemberStatus.Leaving, Assert.Single(await _harness.Node.Member.Registry.NodesAsync()).Status);

        await _harness.Node.StopAsync();
        var kinds = (await _harness.Node.Member.Registry.EventsAsync(0, 100)).Select(e => e.Kind).ToList();
        Assert.Equal(1, kinds.Count(k => k == MemberEventKind.Leaving));
        Assert.Equal(MemberEventKind.Removed, kinds[^1]);
    }
}
