using System.Net;
using System.Text;
using Phantom.Cluster.Membership;
using Phantom.Cluster.Node;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Tests.Http;
using Phantom.Tests.Infrastructure;
using Phantom.Tests.Node;

namespace Phantom.Tests.Ctl;

/// <summary>
/// Two in-process <c>phantom node</c>s (<c>ctl-a</c>, <c>ctl-b</c>) in one consumer group on a mock Kafka cluster
/// (4 partitions), sharing a SQLite registry and journal, with traffic applied: 24 sessions of varied events, all
/// processed and heartbeaten into the registry. Shared by the read-only ctl tests of a class (starting a cluster
/// costs seconds); tests that change membership start their own through <see cref="StartNodeAsync"/>.
/// </summary>
public sealed class CtlClusterRig : IAsyncLifetime
{
    public const int Partitions = 4;

    private static readonly string[] EventNames = ["view_item_page", "view_item_page", "add_item_to_cart", "view_item_page", "remove_item"];

    private readonly KafkaMockClusterFixture _kafka = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "phantom-ctl-cluster-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<NodeHost> _nodes = [];

    public NodeHost A { get; private set; } = null!;

    public NodeHost B { get; private set; } = null!;

    /// <summary>The sessions of the traffic.</summary>
    public IReadOnlyList<string> Sessions { get; } = Enumerable.Range(0, 24).Select(i => $"ctl-{i}").ToArray();

    /// <summary>Events sent per session (session i gets 1 + i % 4).</summary>
    public static int EventsOf(int i) => 1 + (i % 4);

    public async Task InitializeAsync()
    {
        var topics = _kafka.NewOptions("ctl", partitions: Partitions);
        A = await StartNodeAsync(_nodes, topics, _folder, "ctl-a");
        B = await StartNodeAsync(_nodes, topics, _folder, "ctl-b");
        await WaitUntilAsync(() => Task.FromResult(BothHostShards(A, B)), "both nodes hosting shards and knowing each other's");

        var lines = Sessions.SelectMany((s, i) => Enumerable.Range(0, EventsOf(i)).Select(k => NodeHarness.Event(s, EventNames[(i + k) % EventNames.Length])));
        await IngestAsync(A, lines);
        var total = Sessions.Select((_, i) => EventsOf(i)).Sum();
        await WaitUntilAsync(() => Task.FromResult(A.Runtime.Pipeline.RecordsSettled() + B.Runtime.Pipeline.RecordsSettled() >= total), "every event processed");
        await WaitUntilAsync(async () => await RegistryCaughtUpAsync(A, B), "the registry showing each node's shards and sessions");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _kafka.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>
    /// Starts a node of the group on <paramref name="topics"/> with the shared registry and journal in
    /// <paramref name="folder"/>, 100 ms heartbeats and the test key; added to <paramref name="nodes"/> for disposal.
    /// </summary>
    public static async Task<NodeHost> StartNodeAsync(List<NodeHost> nodes, Streams.Kafka.KafkaOptions topics, string folder, string id, string unreachableAfter = "5s")
    {
        Directory.CreateDirectory(folder);
        var node = new NodeHost(NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.http.api-key", NodeHarness.Key)
            .Set("phantom.models.watch-interval", "0")
            .Set("phantom.cluster.node-id", id)
            .Set("phantom.journal.connection", Path.Combine(folder, "journal.db")) // the registry defaults to it too
            .Set("phantom.cluster.heartbeat-interval", "100ms")
            .Set("phantom.cluster.unreachable-after", unreachableAfter)
            .Set("phantom.cluster.forward-timeout", "2s")
            .Build(new Dictionary<string, string>()), kafka: true);
        nodes.Add(node);
        await node.StartAsync();
        return node;
    }

    /// <summary>The node as <c>phantom ctl --node</c> takes it (<c>host:port</c>).</summary>
    public static string Address(NodeHost node) => new Uri(node.Http.BoundUrls[0]).Authority;

    /// <summary>Every partition hosted by exactly one of the two, and each knowing the other's shards from the registry.</summary>
    public static bool BothHostShards(NodeHost a, NodeHost b) =>
        a.Member.HostedShards.Count > 0 && b.Member.HostedShards.Count > 0
        && a.Member.HostedShards.Concat(b.Member.HostedShards).Order().SequenceEqual(Enumerable.Range(0, Partitions))
        && a.Member.OwnerOf(b.Member.HostedShards[0]) is { } ofB && ofB.Id == b.Member.Id
        && b.Member.OwnerOf(a.Member.HostedShards[0]) is { } ofA && ofA.Id == a.Member.Id;

    /// <summary>Whether the registry's rows show every node's hosted shards, live sessions and no lag.</summary>
    public static async Task<bool> RegistryCaughtUpAsync(params NodeHost[] nodes)
    {
        var records = await nodes[0].Member.Registry.NodesAsync();
        return nodes.All(n => records.FirstOrDefault(r => r.Id == n.Member.Id) is { } r
            && r.Shards.SequenceEqual(n.Member.HostedShards) && r.Entities == n.Runtime.LiveSessions && r.Lag == 0);
    }

    /// <summary>Posts NDJSON lines to a node's batch ingest (produced to Kafka, partitioned by session id).</summary>
    public static async Task IngestAsync(NodeHost node, IEnumerable<string> lines)
    {
        using var client = new HttpClient { BaseAddress = new Uri(node.Http.BoundUrls[0]), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Phantom-Key", NodeHarness.Key);
        using var response = await client.PostAsync("/api/kafka/ingest/batch", new StringContent(string.Join("\n", lines), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Where a session really lives: the node and shard whose session table holds its entity (a Kafka source feeds
    /// partition p to shard p, so this is the partition its records were produced to), with the entity's state read
    /// on the shard's own thread. Null when no node holds it.
    /// </summary>
    public async Task<LiveSession?> FindAsync(string sessionId)
    {
        foreach (var node in new[] { A, B })
        {
            foreach (var shard in node.Member.HostedShards)
            {
                var found = await node.Runtime.Pipeline.AskShardAsync(shard, () =>
                    node.Runtime.Sessions[shard] is { } table && table.TryGet(Utf8Hash.Of(sessionId), out var entity) ? LiveSession.Of(node, shard, entity) : null);
                if (found is not null)
                {
                    return found;
                }
            }
        }

        return null;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
