using Phantom.Cluster.Node;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;

namespace Phantom.Tests.Dashboard;

/// <summary>
/// A started embedded <see cref="NodeHost"/> on a free loopback port, fed by <see cref="PacedGeneratorSource"/>
/// (mixed human and agent sessions), with an HttpClient pointed at it: what the dashboard tests watch.
/// </summary>
internal sealed class DashboardNode : IAsyncDisposable
{
    public const string Key = "dashboard-test-key";

    private DashboardNode(NodeHost node, PacedGeneratorSource traffic)
    {
        Node = node;
        Traffic = traffic;
        BaseAddress = new Uri(node.Http.BoundUrls[0]);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public NodeHost Node { get; }

    public PacedGeneratorSource Traffic { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <param name="maxEvents">Events the generator writes before it stops (0: an idle node).</param>
    public static async Task<DashboardNode> StartAsync(long maxEvents = 5_000_000, int partitions = 4)
    {
        var options = new PhantomConfiguration()
            .Set("phantom.models.directory", Path.Combine(Path.GetTempPath(), "phantom-no-models-" + Guid.NewGuid().ToString("N")))
            .Set("phantom.models.watch-interval", "0")
            .Set("phantom.pipeline.partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("phantom.http.pricing-url", "http://127.0.0.1:0")
            .Set("phantom.http.ingest-url", "")
            .Set("phantom.http.api-key", Key)
            .Set("phantom.redis.configuration", "")
            .Set("phantom.generator.concurrent-sessions", "400")
            .Build(new Dictionary<string, string>());
        var node = new NodeHost(options);
        var source = new PacedGeneratorSource(new TrafficGenerator(options, node.Runtime.Catalog)) { MaxEvents = maxEvents };
        node.Sources.Add(source);
        await node.StartAsync();
        return new DashboardNode(node, source);
    }

    /// <summary>
    /// Waits (bounded) until at least <paramref name="events"/> events went through every stage: with a generator bounded
    /// to that many, the shards are idle afterwards and their session tables hold still.
    /// </summary>
    public async Task WaitForTrafficAsync(long events)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Node.Runtime.Pipeline.RecordsSettled() < events)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the node processed fewer than {events} events in 30 s");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
    }
}
