using System.Net;
using System.Text;
using System.Text.Json;
using Phantom.Cluster.Membership;
using Phantom.Cluster.Node;
using Phantom.Streams.Cluster;
using Phantom.Tests.Http;
using Phantom.Tests.Infrastructure;
using Phantom.Tests.Node;

namespace Phantom.Tests.Membership;

/// <summary>
/// Two in-process nodes in one consumer group on the mock Kafka cluster (4 partitions), sharing a SQLite registry:
/// price and session queries for a session on the other node's shard are forwarded one hop, a forwarded request is
/// never forwarded again, and an owner that died leaves the price to the local fallbacks.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class ForwardingTests(KafkaMockClusterFixture kafka) : IAsyncLifetime
{
    private const int Partitions = 4;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "phantom-forward-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<NodeHost> _nodes = [];
    private readonly List<HttpClient> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

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

    private async Task<(NodeHost Node, HttpClient Client)> StartAsync(Streams.Kafka.KafkaOptions topics, string id)
    {
        var options = NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.http.api-key", NodeHarness.Key)
            .Set("phantom.models.watch-interval", "0")
            .Set("phantom.cluster.node-id", id)
            .Set("phantom.cluster.connection", Path.Combine(_folder, "registry.db"))
            .Set("phantom.cluster.heartbeat-interval", "100ms")
            .Set("phantom.cluster.unreachable-after", "5s")
            .Set("phantom.cluster.forward-timeout", "2s")
            .Build(new Dictionary<string, string>());
        var node = new NodeHost(options, kafka: true);
        _nodes.Add(node);
        await node.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(node.Http.BoundUrls[0]), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Phantom-Key", NodeHarness.Key);
        _clients.Add(client);
        return (node, client);
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Queries_SessionOnOtherNodesShard_ForwardedOnceAndFallBackWhenOwnerDies()
    {
        var topics = kafka.NewOptions("forward", partitions: Partitions);
        var (a, clientA) = await StartAsync(topics, "node-a");
        var (b, clientB) = await StartAsync(topics, "node-b");

        // Both in the group: cooperative-sticky splits the four partitions (with a hand-off when node-a got them all first).
        await WaitUntil(
            () => a.Member.HostedShards.Count > 0 && b.Member.HostedShards.Count > 0
                && a.Member.HostedShards.Concat(b.Member.HostedShards).Order().SequenceEqual(Enumerable.Range(0, Partitions))
                && a.Member.OwnerOf(b.Member.HostedShards[0]) is { Id: "node-b" }
                && b.Member.OwnerOf(a.Member.HostedShards[0]) is { Id: "node-a" },
            "both nodes hosting shards and knowing each other's");

        var sessions = Enumerable.Range(0, 24).Select(i => $"fwd-{i}").ToArray();
        var remote = sessions.First(s => b.Member.Hosts(SessionShards.KafkaPartition(s, Partitions)));
        var local = sessions.First(s => a.Member.Hosts(SessionShards.KafkaPartition(s, Partitions)));
        var body = string.Join("\n", sessions.SelectMany(s => new[] { NodeHarness.Event(s), NodeHarness.Event(s) }));
        using (var ingest = await clientA.PostAsync("/api/kafka/ingest/batch", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        }

        await WaitUntil(() => a.Runtime.Pipeline.RecordsSettled() + b.Runtime.Pipeline.RecordsSettled() >= sessions.Length * 2, "every event processed");
        Assert.Equal(0, a.Runtime.Pipeline.GetMetrics().Rejected + b.Runtime.Pipeline.GetMetrics().Rejected);
        Assert.True(b.Runtime.Catalog.TryGet("hotel-deluxe-01", out var product));
        Assert.True(b.HotStore.TryGetSessionPrice(remote, product.Index, out var quoted), "node-b quoted its own session");
        Assert.False(a.HotStore.TryGetSessionPrice(remote, product.Index, out _), "node-a never saw node-b's session");

        // Price: node-a asks node-b, which answers from its own quote.
        using (var price = await clientA.GetAsync($"/api/hotel/price/hotel-deluxe-01?sessionId={remote}"))
        {
            Assert.Equal(HttpStatusCode.OK, price.StatusCode);
            Assert.Equal("node-b", Assert.Single(price.Headers.GetValues(QueryForwarder.AnsweredByHeader)));
            using var json = JsonDocument.Parse(await price.Content.ReadAsStringAsync());
            Assert.Equal("cache", json.RootElement.GetProperty("source").GetString());
            Assert.Equal(Math.Round(quoted.Price, 2), json.RootElement.GetProperty("price").GetDouble());
        }

        // A local session is answered locally, without a hop.
        using (var price = await clientA.GetAsync($"/api/hotel/price/hotel-deluxe-01?sessionId={local}"))
        {
            Assert.False(price.Headers.Contains(QueryForwarder.AnsweredByHeader));
            using var json = JsonDocument.Parse(await price.Content.ReadAsStringAsync());
            Assert.Equal("cache", json.RootElement.GetProperty("source").GetString());
        }

        // Loop prevention: a request already forwarded is answered where it lands, from what that node has.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/hotel/price/hotel-deluxe-01?sessionId={remote}"))
        {
            request.Headers.Add(QueryForwarder.ForwardedHeader, "node-b");
            using var price = await clientA.SendAsync(request);
            Assert.False(price.Headers.Contains(QueryForwarder.AnsweredByHeader));
            using var json = JsonDocument.Parse(await price.Content.ReadAsStringAsync());
            Assert.NotEqual("cache", json.RootElement.GetProperty("source").GetString());
        }

        // Session state and location: answered by the owner through whichever node is asked.
        using (var state = await clientA.GetAsync($"/admin/sessions/{remote}"))
        {
            Assert.Equal(HttpStatusCode.OK, state.StatusCode);
            Assert.Equal("node-b", Assert.Single(state.Headers.GetValues(QueryForwarder.AnsweredByHeader)));
            using var json = JsonDocument.Parse(await state.Content.ReadAsStringAsync());
            Assert.Equal("node-b", json.RootElement.GetProperty("node").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("events").GetInt64());
            Assert.Equal(SessionShards.KafkaPartition(remote, Partitions), json.RootElement.GetProperty("shard").GetInt32());
        }

        using (var where = await clientB.GetAsync($"/admin/shards/where/{local}"))
        {
            using var json = JsonDocument.Parse(await where.Content.ReadAsStringAsync());
            Assert.Equal("node-a", json.RootElement.GetProperty("node").GetString());
            Assert.Equal(a.Member.Address, json.RootElement.GetProperty("address").GetString());
        }

        using (var shards = await clientB.GetAsync("/admin/shards"))
        {
            using var json = JsonDocument.Parse(await shards.Content.ReadAsStringAsync());
            var byNode = json.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(
                n => n.GetProperty("node").GetString()!, n => n.GetProperty("shards").EnumerateArray().Select(s => s.GetInt32()).ToArray());
            Assert.Equal(a.Member.HostedShards, byNode["node-a"]);
            Assert.Equal(b.Member.HostedShards, byNode["node-b"]);
        }

        // The owner dies: the price falls back to what node-a has (global or base), the session query says 502.
        await b.CrashAsync();
        using (var price = await clientA.GetAsync($"/api/hotel/price/hotel-deluxe-01?sessionId={remote}"))
        {
            Assert.Equal(HttpStatusCode.OK, price.StatusCode);
            Assert.False(price.Headers.Contains(QueryForwarder.AnsweredByHeader));
            using var json = JsonDocument.Parse(await price.Content.ReadAsStringAsync());
            Assert.Contains(json.RootElement.GetProperty("source").GetString(), new[] { "global", "base" });
        }

        Assert.True(a.Forwarder.Failed >= 1);
        using (var state = await clientA.GetAsync($"/admin/sessions/{remote}"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, state.StatusCode);
        }

        var events = await a.Member.Registry.EventsAsync(0, 1000);
        Assert.Contains(events, e => e.Node == "node-b" && e.Kind == MemberEventKind.ShardsAssigned);
        Assert.Contains(events, e => e.Node == "node-a" && e.Kind == MemberEventKind.ShardsAssigned);
    }
}
