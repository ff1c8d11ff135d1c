using System.Globalization;
using Phantom.Cluster.Bench;
using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.ClusterRun;

/// <summary>
/// The multi-process cluster of the cluster tests: a <see cref="ClusterRig"/> of <c>phantom node</c> processes on the
/// test's mock Kafka cluster (fresh topics and group, 12 partitions, a short session timeout), a fresh PostgreSQL
/// journal database and the test Redis, plus the checks every cluster test makes at each membership step.
/// </summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    /// <summary>
    /// Short, so a killed node's partitions move within seconds (Apache Kafka's brokers refuse less than 6 s by default;
    /// the mock cluster takes it). A node starved of CPU this long is evicted and rejoins: the run must stay exact then too.
    /// </summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Frequent heartbeats: members learn of a rebalance (a join, a graceful leave) within this.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a membership step may take to settle: a kill waits out the session timeout first.</summary>
    public static readonly TimeSpan SettlePatience = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _directory;
    private readonly List<ClusterNodeProcess> _started = [];

    private ClusterHarness(ClusterRig rig, DirectoryInfo directory)
    {
        Rig = rig;
        _directory = directory;
        // Exactly what every node loads: the cluster overlay, the rig's node.conf, then the flags the rig passes.
        Options = new PhantomConfiguration()
            .AddOverlay("cluster")
            .AddOverlay(rig.ConfigPath)
            .Set("phantom.kafka.bootstrap-servers", rig.Topics.BootstrapServers)
            .Set("phantom.journal.connection", rig.Journal)
            .Set("phantom.redis.configuration", rig.Redis)
            .Set("phantom.pipeline.partitions", rig.Topics.Partitions.ToString(CultureInfo.InvariantCulture))
            .Build(new Dictionary<string, string>());
    }

    public ClusterRig Rig { get; }

    /// <summary>The nodes' configuration, for the generator and the single-node reference.</summary>
    public PhantomOptions Options { get; }

    public KafkaOptions Topics => Rig.Topics;

    /// <param name="batchSize">The nodes' pipeline batch size (small batches: more transactions, more boundaries to get wrong).</param>
    public static async Task<ClusterHarness> CreateAsync(KafkaMockClusterFixture kafka, PostgresServer postgres, RedisServer redis, string name, int batchSize = 64)
    {
        var topics = kafka.NewOptions(name, partitions: 12);
        topics.SessionTimeout = SessionTimeout;
        topics.HeartbeatInterval = HeartbeatInterval;
        var journal = await postgres.CreateDatabaseAsync(name.Replace('-', '_'));
        var directory = Directory.CreateTempSubdirectory("phantom-cluster-test-");
        var rig = new ClusterRig(topics, journal, redis.Configuration, directory.FullName, batchSize);
        await rig.OpenJournalAsync();
        return new ClusterHarness(rig, directory);
    }

    /// <summary>
    /// The membership check of one step of a cluster test: waits until exactly <paramref name="expectedNodes"/> form
    /// the group (each answers /health and owns at least one partition, together all 12, none twice), checks that
    /// every node the rig stopped or killed no longer answers, and returns who owns which partition.
    /// </summary>
    /// <remarks>
    /// HOOK for issue 5 after the membership (node registry, /admin/cluster, /admin/shards) and ctl branches merge:
    /// add here, for the same <paramref name="step"/>, `phantom ctl --node {any expected node} cluster show --json`
    /// (members equal <paramref name="expectedNodes"/>, all up; departed nodes left or removed) and
    /// `phantom ctl ... shards stats --json` (each node's shards equal the assignment returned below). Today the
    /// distribution is read from each node's /health (<c>components.kafka.assigned_partitions</c>).
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> AssertMembershipAsync(string step, IReadOnlyCollection<ClusterNodeProcess> expectedNodes)
    {
        IReadOnlyDictionary<string, IReadOnlyList<int>> owners;
        try
        {
            owners = await Rig.WaitForAssignmentAsync(expectedNodes, SettlePatience);
        }
        catch (Exception error) when (error is TimeoutException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"{step}: {error.Message}");
        }

        Assert.Equal(expectedNodes.Select(n => n.Name).Order(StringComparer.Ordinal), owners.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, Topics.Partitions), owners.Values.SelectMany(p => p).Order());
        foreach (var gone in _started.Where(n => !expectedNodes.Contains(n)))
        {
            Assert.True(gone.HasExited, $"{step}: node {gone.Name} should have left");
            Assert.Null(await gone.TryHealthAsync());
        }

        return owners;
    }

    /// <summary>Starts nodes (overlapping start-ups) and remembers them for the membership checks.</summary>
    public async Task<ClusterNodeProcess[]> StartNodesAsync(params string[] names)
    {
        var nodes = await Rig.StartNodesAsync(names);
        _started.AddRange(nodes);
        return nodes;
    }

    public async ValueTask DisposeAsync()
    {
        await Rig.DisposeAsync();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A node's file released late: the temp folder is harmless.
        }
    }
}
