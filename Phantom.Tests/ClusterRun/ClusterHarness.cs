using System.Globalization;
using System.Text.Json;
using Phantom.Cluster.Bench;
using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Phantom.Tests.Ctl;
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
    /// every node the rig stopped or killed no longer answers, then that the cluster registry says the same through
    /// <c>phantom ctl</c> (see <see cref="AssertRegistryAsync"/>), and returns who owns which partition.
    /// </summary>
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

        await AssertRegistryAsync(step, expectedNodes, owners);
        return owners;
    }

    /// <summary>
    /// What an operator sees: <c>phantom ctl cluster show --json</c> on a live node lists exactly the expected nodes as
    /// <c>up</c> (a node stopped gracefully as <c>removed</c>, a killed one as <c>unreachable</c>) and
    /// <c>shards stats --json</c> gives each the partitions Kafka assigned it; the tables name every live node.
    /// </summary>
    /// <remarks>
    /// The registry follows heartbeats (every second) and failure detection (after the session timeout), so it is
    /// polled until it agrees or <see cref="SettlePatience"/> runs out; the last answers are in the failure message.
    /// </remarks>
    private async Task AssertRegistryAsync(string step, IReadOnlyCollection<ClusterNodeProcess> expectedNodes, IReadOnlyDictionary<string, IReadOnlyList<int>> owners)
    {
        static string IdOf(ClusterNodeProcess node) => $"{node.Url.Host}:{node.Url.Port.ToString(CultureInfo.InvariantCulture)}";
        var expected = expectedNodes.ToDictionary(IdOf, n => owners[n.Name].Order().ToArray(), StringComparer.Ordinal);
        var departed = _started.Where(n => !expectedNodes.Contains(n)).Select(IdOf).ToHashSet(StringComparer.Ordinal);
        var ask = IdOf(expectedNodes.First());
        var deadline = DateTime.UtcNow + SettlePatience;
        var last = "";
        while (true)
        {
            var show = await CtlRun.RunAsync(ask, key: null, json: true, "cluster", "show");
            var stats = await CtlRun.RunAsync(ask, key: null, json: true, "shards", "stats");
            last = $"cluster show: {show.Output}{show.Error}\nshards stats: {stats.Output}{stats.Error}";
            if (show.ExitCode == 0 && stats.ExitCode == 0 && RegistryAgrees(show.Output, stats.Output, expected, departed))
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"{step}: the registry never agreed with Kafka's assignment ({string.Join(", ", expected.Select(e => $"{e.Key}: [{string.Join(',', e.Value)}]"))}); last answers:\n{last}");
            }

            await Task.Delay(250);
        }

        var table = await CtlRun.RunAsync(ask, key: null, json: false, "shards", "stats");
        Assert.Equal(0, table.ExitCode);
        Assert.All(expected.Keys, id => Assert.Contains(id, table.Output, StringComparison.Ordinal));
    }

    private static bool RegistryAgrees(string clusterJson, string statsJson, IReadOnlyDictionary<string, int[]> expected, IReadOnlySet<string> departed)
    {
        using var cluster = JsonDocument.Parse(clusterJson);
        var statuses = cluster.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("status").GetString()!, StringComparer.Ordinal);
        var up = statuses.Where(s => s.Value == "up").Select(s => s.Key).Order(StringComparer.Ordinal);
        if (!up.SequenceEqual(expected.Keys.Order(StringComparer.Ordinal))
            || departed.Any(id => statuses.TryGetValue(id, out var status) && status is not ("removed" or "unreachable" or "down")))
        {
            return false;
        }

        using var stats = JsonDocument.Parse(statsJson);
        var shards = stats.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("node").GetString()!, n => n.GetProperty("shards").EnumerateArray().Select(s => s.GetInt32()).Order().ToArray(), StringComparer.Ordinal);
        return expected.All(e => shards.TryGetValue(e.Key, out var hosted) && hosted.SequenceEqual(e.Value));
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
