using Phantom.Cluster.Bench;
using Phantom.Cluster.Cli;
using Phantom.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phantom.Tests.ClusterRun;

/// <summary>
/// Issue 5's multi-process test: three <c>phantom node</c> processes in one consumer group over a 12-partition topic
/// (mock Kafka in this process, a PostgreSQL journal, Redis), a seeded stream of generated sessions produced at a
/// steady rate while one node is stopped gracefully, another is killed with SIGKILL and a new one joins. At the end the
/// journal holds every produced event exactly once and each session equals a single-node run over the same events.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterRunTests(PostgresServer postgres, KafkaMockClusterFixture kafka, RedisServer redis, ITestOutputHelper output)
    : IClassFixture<KafkaMockClusterFixture>, IClassFixture<RedisServer>
{
    private const int Records = 6000;
    private const double RecordsPerSecond = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cluster_GracefulStopThenKillThenJoinWhileProducing_AppliesEveryEventExactlyOnceAsOneNodeWould()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Log(string step) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {step}");
        await using var cluster = await ClusterHarness.CreateAsync(kafka, postgres, redis, "cluster-run");
        var records = ClusterTraffic.Generate(cluster.Options, Records);
        var reference = await SingleNodeReference.RunAsync(cluster.Options, records);

        Log("reference run done");
        var nodes = await cluster.StartNodesAsync("node-a", "node-b", "node-c");
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        Log("three nodes answer /health");
        var initial = await cluster.AssertMembershipAsync("three nodes up", [a, b, c]);
        Assert.All(initial.Values, partitions => Assert.InRange(partitions.Count, 1, 10)); // spread, not all on one

        Log("three nodes own the partitions");
        var traffic = new ClusterTraffic(cluster.Topics, records);
        var producing = traffic.ProduceAsync(RecordsPerSecond);

        // 1. A leaves gracefully mid-stream: it drains, journals and hands its partitions over.
        await WhenProducedAsync(traffic, Records / 4, producing);
        Log("stopping node-a");
        Assert.Equal(ExitCodes.Interrupted, await cluster.Rig.StopGracefullyAsync(a));
        Log("node-a exited");
        var afterStop = await cluster.AssertMembershipAsync("node-a stopped gracefully", [b, c]);
        Assert.Equal(12, afterStop[b.Name].Count + afterStop[c.Name].Count);

        Log("node-a stopped, partitions moved");
        // 2. B dies mid-stream (SIGKILL: no drain, no commit): C takes everything after the session timeout.
        await WhenProducedAsync(traffic, Records / 2, producing);
        Log("killing node-b");
        await cluster.Rig.KillAsync(b);
        var afterKill = await cluster.AssertMembershipAsync("node-b killed", [c]);
        Assert.Equal(12, afterKill[c.Name].Count);

        Log("node-b killed, partitions moved");
        // 3. D joins: cooperative-sticky rebalancing gives it part of C's partitions.
        await WhenProducedAsync(traffic, Records * 3 / 4, producing);
        Log("starting node-d");
        var d = (await cluster.StartNodesAsync("node-d"))[0];
        Log("node-d answers /health");
        var afterJoin = await cluster.AssertMembershipAsync("node-d joined", [c, d]);
        Assert.NotEmpty(afterJoin[d.Name]);

        Log("node-d joined");
        await producing;
        await cluster.Rig.WaitForProcessedAsync(Records, Patience);
        Log("every record processed");
        var continued = (await HealthAsync(c)).RecoveredSessions + (await HealthAsync(d)).RecoveredSessions;
        await cluster.Rig.StopAllAsync();

        Log("nodes stopped");
        // Sessions crossed the membership changes: the nodes that took partitions over rebuilt them from the journal.
        Assert.True(continued > 0, "no session was continued on another node");
        var compared = await ClusterJournalAudit.AssertExactlyOnceAsync(await cluster.Rig.OpenJournalAsync(), cluster.Options, reference, Records);
        Log($"journal audited, {compared} sessions compared");
        Assert.True(compared > 50, $"only {compared} sessions compared");
    }

    /// <summary>The node's /health, asked again while it does not answer (a loaded machine may time a request out).</summary>
    private static async Task<ClusterNodeHealth> HealthAsync(ClusterNodeProcess node)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await node.TryHealthAsync() is { } health)
            {
                return health;
            }

            Assert.False(node.HasExited, $"node {node.Name} exited: {node.RecentOutput}");
            Assert.True(DateTime.UtcNow < deadline, $"node {node.Name} did not answer /health");
            await Task.Delay(100);
        }
    }

    private static async Task WhenProducedAsync(ClusterTraffic traffic, long records, Task producing)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (traffic.Produced < records && !producing.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the producer did not reach {records} records");
            await Task.Delay(20);
        }

        if (producing.IsFaulted)
        {
            await producing;
        }
    }
}
