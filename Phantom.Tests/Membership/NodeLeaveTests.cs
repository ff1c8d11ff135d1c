using System.Net;
using System.Text;
using Phantom.Cluster.Membership;
using Phantom.Cluster.Node;
using Phantom.Streams.Kafka;
using Phantom.Tests.Http;
using Phantom.Tests.Infrastructure;
using Phantom.Tests.Node;

namespace Phantom.Tests.Membership;

/// <summary>
/// The graceful leave: <c>POST /admin/cluster/leave/{node}</c> ends <c>phantom node</c> with exit code 0 after the
/// drain, and in a Kafka group the leaving node's shards go to the remaining node with every event applied once.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class NodeLeaveTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "phantom-leave-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task NodeRunner_LeaveAskedThroughAnotherNode_DrainsAndExitsZero()
    {
        Directory.CreateDirectory(_folder);
        var registryPath = Path.Combine(_folder, "registry.db");
        var config = new FileInfo(Path.Combine(_folder, "node.conf"));
        await File.WriteAllTextAsync(config.FullName, $$"""
            phantom.cluster { node-id = "leaver", connection = "{{registryPath.Replace("\\", "/", StringComparison.Ordinal)}}", heartbeat-interval = 100ms }
            phantom.models.watch-interval = 0
            """);
        var run = new NodeRunner(new NodeRequest { Http = "http://127.0.0.1:0", Redis = "", Partitions = 2, Quiet = true, Config = config, ApiKey = NodeHarness.Key, Roles = ["pricing", "pipeline"] })
            .RunAsync(CancellationToken.None);

        await using var registry = await NodeRegistryFactory.OpenAsync(registryPath, "phantom");
        NodeRecord? leaver = null;
        await WaitUntil(async () => (leaver = (await registry.NodesAsync()).FirstOrDefault(n => n.Id == "leaver" && n.Status == MemberStatus.Up)) is not null || run.IsCompleted, "the node to register");
        Assert.False(run.IsCompleted, "the node stopped on its own");
        Assert.Equal(["pricing", "pipeline"], leaver!.Roles);

        using var client = new HttpClient { BaseAddress = new Uri(leaver.Address), Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/cluster/leave/leaver");
        request.Headers.Add("X-Phantom-Key", NodeHarness.Key);
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(MemberStatus.Removed, (await registry.NodesAsync()).Single(n => n.Id == "leaver").Status);
        var kinds = (await registry.EventsAsync(0, 100)).Select(e => e.Kind).ToList();
        Assert.Equal([MemberEventKind.Joined, MemberEventKind.Up, MemberEventKind.ShardsAssigned, MemberEventKind.Leaving, MemberEventKind.Removed], kinds);
    }

    [Fact]
    public async Task Leave_KafkaGroupOfTwo_ShardsHandedOffAfterCommitNothingReplayedOrLost()
    {
        var topics = kafka.NewOptions("leave", partitions: 4);
        NodeHost Create(string id) => new(NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.http.api-key", NodeHarness.Key)
            .Set("phantom.models.watch-interval", "0")
            .Set("phantom.cluster.node-id", id)
            .Set("phantom.journal.connection", Path.Combine(_folder, "journal.db")) // the registry defaults to it too
            .Set("phantom.cluster.heartbeat-interval", "100ms")
            .Build(new Dictionary<string, string>()), kafka: true);
        await using var stay = Create("stay");
        await using var leave = Create("leave");
        await stay.StartAsync();
        await leave.StartAsync();
        await WaitUntil(() => Task.FromResult(stay.Member.HostedShards.Count > 0 && leave.Member.HostedShards.Count > 0 && stay.Member.HostedShards.Count + leave.Member.HostedShards.Count == 4), "both nodes hosting shards");

        using var client = new HttpClient { BaseAddress = new Uri(stay.Http.BoundUrls[0]), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Phantom-Key", NodeHarness.Key);
        var sessions = Enumerable.Range(0, 16).Select(i => $"leave-{i}").ToArray();
        async Task Ingest()
        {
            using var response = await client.PostAsync("/api/kafka/ingest/batch", new StringContent(string.Join("\n", sessions.Select(s => NodeHarness.Event(s))), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Ingest();
        await WaitUntil(() => Task.FromResult(stay.Runtime.Pipeline.RecordsSettled() + leave.Runtime.Pipeline.RecordsSettled() >= 16), "the first round processed");

        var stayedShards = stay.Member.HostedShards.ToArray();
        Assert.NotNull(stay.Journal);
        Assert.NotNull(leave.Journal);

        // Asked through the other node: forwarded to the leaver, which drains, commits and hands its shards off.
        using (var response = await client.PostAsync("/admin/cluster/leave/leave", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("leave", Assert.Single(response.Headers.GetValues(QueryForwarder.AnsweredByHeader)));
        }

        Assert.True(leave.Member.LeaveRequested.IsCancellationRequested);
        Assert.True(await leave.StopAsync()); // what phantom node does when LeaveRequested fires
        await WaitUntil(() => Task.FromResult(stay.Member.HostedShards.Count == 4), "the remaining node to host every shard");

        await Ingest();
        await WaitUntil(() => Task.FromResult(stay.Runtime.Pipeline.RecordsSettled() + leave.Runtime.Pipeline.RecordsSettled() >= 32), "the second round processed");
        foreach (var session in sessions)
        {
            using var state = await client.GetAsync($"/admin/sessions/{session}");
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
            using var json = System.Text.Json.JsonDocument.Parse(await state.Content.ReadAsStringAsync());
            Assert.Equal("stay", json.RootElement.GetProperty("node").GetString());
            // Both rounds, each once: the leaver's sessions were recovered from the journal on "stay", and no record
            // was replayed on top of what the journal held (offsets commit with the events).
            const int expected = 2;
            var log = string.Join("; ", (await stay.Member.Registry.EventsAsync(0, 1000)).Select(e => $"{e.Node} {e.Kind} {e.Detail}"));
            Assert.True(expected == json.RootElement.GetProperty("events").GetInt64(), $"{session} shard {Phantom.Streams.Cluster.SessionShards.KafkaPartition(session, 4)} stayed [{string.Join(",", stayedShards)}]: {json.RootElement}; log: {log}");
        }

        var events = await stay.Member.Registry.EventsAsync(0, 1000);
        var leaverKinds = events.Where(e => e.Node == "leave").Select(e => e.Kind).ToList();
        Assert.Equal(MemberEventKind.Removed, leaverKinds[^1]);
        Assert.True(leaverKinds.IndexOf(MemberEventKind.Leaving) < leaverKinds.IndexOf(MemberEventKind.ShardsRevoked));
        Assert.Contains(events, e => e.Node == "stay" && e.Kind == MemberEventKind.ShardsAssigned && e.Seq > events.First(l => l.Kind == MemberEventKind.Leaving).Seq);
    }

    [Fact]
    public async Task NodeHost_WithoutPipelineRole_ConsumesNothingAndHostsNoShard()
    {
        var topics = kafka.NewOptions("roles", partitions: 2);
        await using var node = new NodeHost(NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.cluster.roles", "[pricing, ingest]")
            .Set("phantom.models.watch-interval", "0")
            .Build(new Dictionary<string, string>()), kafka: true);
        await node.StartAsync();

        Assert.DoesNotContain(node.Sources, s => s is KafkaSource);
        Assert.Equal(["pricing", "ingest"], node.Roles);
        Assert.Empty(node.Member.HostedShards);
        Assert.Equal(["pricing", "ingest"], (await node.Member.Registry.NodesAsync()).Single().Roles);
    }

    [Fact]
    public async Task NodeHost_WithoutPricingRole_PriceRequests503UnlessForwarded()
    {
        await using var node = new NodeHost(new Phantom.Streams.Configuration.PhantomConfiguration()
            .Set("phantom.cluster.roles", "[pipeline, ingest]")
            .Set("phantom.http.pricing-url", "http://127.0.0.1:0")
            .Set("phantom.http.ingest-url", "")
            .Set("phantom.models.watch-interval", "0")
            .Build(new Dictionary<string, string>()));
        await node.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(node.Http.BoundUrls[0]), Timeout = TimeSpan.FromSeconds(30) };

        using (var refused = await client.GetAsync("/api/hotel/price/hotel-deluxe-01?sessionId=s-1"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("does not serve prices", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/api/hotel/price/hotel-deluxe-01?sessionId=s-1");
        forwarded.Headers.Add(QueryForwarder.ForwardedHeader, "another-node");
        using var answered = await client.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public void NodeHost_UnknownRole_ConfigurationErrorNamingTheKey()
    {
        var error = Assert.Throws<Phantom.Streams.Configuration.ConfigurationException>(() => new NodeHost(new Phantom.Streams.Configuration.PhantomConfiguration()
            .Set("phantom.cluster.roles", "[pricing, cooking]")
            .Set("phantom.models.watch-interval", "0")
            .Set("phantom.http.pricing-url", "http://127.0.0.1:0")
            .Set("phantom.http.ingest-url", "")
            .Build(new Dictionary<string, string>())));
        Assert.Contains("phantom.cluster.roles", error.Message, StringComparison.Ordinal);
        Assert.Contains("cooking", error.Message, StringComparison.Ordinal);
    }
}
