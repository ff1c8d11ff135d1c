using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;

namespace Phantom.Cluster.Bench;

/// <summary>
/// A Phantom cluster of <c>phantom node</c> processes on loopback, for the cluster test and <c>phantom bench cluster</c>:
/// every node consumes the same events topic in one consumer group, journals to the same database, writes prices to
/// the same Redis, and listens on its own HTTP port. Nodes are started, stopped gracefully (SIGTERM), killed
/// (SIGKILL) and added while traffic flows; <see cref="WaitForAssignmentAsync"/> waits until the group has settled on
/// the expected members, and the journal's stored consumer offsets tell when every produced record was processed.
/// </summary>
/// <remarks>
/// The Kafka broker (a mock cluster or Apache Kafka) and the databases belong to the caller. The rig writes one
/// <c>node.conf</c> overlay into <see cref="Directory"/> (topics, group, timeouts, an empty model registry so every
/// node serves the configured model) and passes the rest as flags.
/// </remarks>
public sealed class ClusterRig : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    private readonly List<ClusterNodeProcess> _running = [];
    private readonly List<ClusterNodeProcess> _all = [];
    private IJournal? _journal;

    /// <param name="topics">Broker, group, topic names, partitions and the consumer timeouts every node uses.</param>
    /// <param name="journal">The shared journal: a PostgreSQL connection string (several processes write it).</param>
    /// <param name="redis">The shared Redis configuration, or empty for none.</param>
    /// <param name="directory">A folder the rig may write into (the node configuration, the empty model registry).</param>
    /// <param name="batchSize"><c>phantom.pipeline.batch-size</c> of the nodes; null keeps the cluster overlay's.</param>
    public ClusterRig(KafkaOptions topics, string journal, string redis, string directory, int? batchSize = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentException.ThrowIfNullOrWhiteSpace(journal);
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        topics.Validate();
        Topics = topics;
        Journal = journal;
        Redis = redis;
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "models"));
        ConfigPath = Path.Combine(directory, "node.conf");
        File.WriteAllText(ConfigPath, NodeConfig(topics, Path.Combine(directory, "models"), batchSize));
    }

    public KafkaOptions Topics { get; }

    public string Journal { get; }

    public string Redis { get; }

    public string Directory { get; }

    /// <summary>The overlay every node loads (<c>--config</c>), after the <c>cluster</c> overlay.</summary>
    public string ConfigPath { get; }

    /// <summary>Nodes started and not yet stopped or killed by the rig, in start order.</summary>
    public IReadOnlyList<ClusterNodeProcess> Running
    {
        get
        {
            lock (_all)
            {
                return _running.ToArray();
            }
        }
    }

    /// <summary>
    /// Creates the journal schema once before any node starts (nodes would otherwise migrate it concurrently at
    /// start-up) and keeps a connection for <see cref="ProcessedRecordsAsync"/>.
    /// </summary>
    public async Task<IJournal> OpenJournalAsync(CancellationToken cancellationToken = default) =>
        _journal ??= await JournalFactory.OpenAsync(new JournalOptions { Connection = Journal }, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts node <paramref name="name"/> on a free loopback port and waits until it answers <c>/health</c>.</summary>
    /// <exception cref="InvalidOperationException">The node exited or did not answer within a minute (its output is in the message).</exception>
    public async Task<ClusterNodeProcess> StartNodeAsync(string name, CancellationToken cancellationToken = default)
    {
        await OpenJournalAsync(cancellationToken).ConfigureAwait(false);
        var url = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}");
        var node = ClusterNodeProcess.Start(name, url,
        [
            "--config", ConfigPath, "--kafka", Topics.BootstrapServers, "--journal", Journal, "--redis", Redis,
            "--partitions", Topics.Partitions.ToString(CultureInfo.InvariantCulture), "--quiet",
        ]);
        lock (_all)
        {
            _running.Add(node);
            _all.Add(node);
        }
        var deadline = DateTime.UtcNow + StartPatience;
        while (await node.TryHealthAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            if (node.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"node {name} {(node.HasExited ? $"exited with code {node.ExitCode}" : "did not answer /health within a minute")}; its output:{Environment.NewLine}{node.RecentOutput}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return node;
    }

    /// <summary>Starts several nodes at once (their start-ups overlap) and waits until each answers <c>/health</c>.</summary>
    public async Task<ClusterNodeProcess[]> StartNodesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        await OpenJournalAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(names.Select(name => StartNodeAsync(name, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>SIGTERM and wait: the node drains, commits its offsets with its last events and leaves the group.</summary>
    public async Task<int> StopGracefullyAsync(ClusterNodeProcess node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_all)
        {
            _running.Remove(node);
        }

        return await node.StopGracefullyAsync(TimeSpan.FromSeconds(90)).ConfigureAwait(false);
    }

    /// <summary>SIGKILL: the node's partitions move only once the group's session timeout expires.</summary>
    public async Task KillAsync(ClusterNodeProcess node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_all)
        {
            _running.Remove(node);
        }

        await node.KillAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until exactly <paramref name="expected"/> share the partitions: each answers <c>/health</c> and owns at
    /// least one partition, no partition has two owners, and together they own every partition. Returns who owns what.
    /// </summary>
    /// <param name="stableFor">How long the view must stay the same before it counts (a cooperative rebalance may move more in a later round).</param>
    /// <exception cref="TimeoutException">The group did not settle so within <paramref name="timeout"/>; the message has the last view.</exception>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<int>>> WaitForAssignmentAsync(
        IReadOnlyCollection<ClusterNodeProcess> expected, TimeSpan timeout, CancellationToken cancellationToken = default, TimeSpan stableFor = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var deadline = DateTime.UtcNow + timeout;
        var view = "";
        var settledView = "";
        var settledSince = DateTime.MaxValue;
        while (true)
        {
            var owners = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
            var settled = true;
            foreach (var node in expected)
            {
                if (node.HasExited)
                {
                    throw new InvalidOperationException($"node {node.Name} exited with code {node.ExitCode}; its output:{Environment.NewLine}{node.RecentOutput}");
                }

                var health = await node.TryHealthAsync(cancellationToken).ConfigureAwait(false);
                owners[node.Name] = health?.AssignedPartitions ?? [];
                settled &= health is not null && (health.AssignedPartitions.Count > 0 || expected.Count > Topics.Partitions);
            }

            var all = owners.Values.SelectMany(p => p).ToList();
            settled &= all.Count == Topics.Partitions && all.Distinct().Count() == Topics.Partitions;
            view = string.Join("; ", owners.Select(o => $"{o.Key}: [{string.Join(",", o.Value)}]"));
            if (settled && view != settledView)
            {
                (settledView, settledSince) = (view, DateTime.UtcNow);
            }
            else if (!settled)
            {
                (settledView, settledSince) = ("", DateTime.MaxValue);
            }

            if (settled && DateTime.UtcNow - settledSince >= stableFor)
            {
                return owners;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the group did not settle on {string.Join(", ", expected.Select(n => n.Name))} within {timeout.TotalSeconds:0} s; last view: {view}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records of the events topic processed by the cluster: the sum of the next offsets the nodes stored in the journal,
    /// each in the transaction of the events it produced. On a fresh topic it equals the records produced once all are in.
    /// </summary>
    public async Task<long> ProcessedRecordsAsync(CancellationToken cancellationToken = default)
    {
        var journal = await OpenJournalAsync(cancellationToken).ConfigureAwait(false);
        var offsets = await journal.ReadOffsetsAsync(Topics.GroupId, cancellationToken).ConfigureAwait(false);
        return offsets.Where(o => o.Topic == Topics.EventsTopic).Sum(o => o.Offset);
    }

    /// <summary>Waits until <see cref="ProcessedRecordsAsync"/> reaches <paramref name="records"/>, failing fast when a running node dies.</summary>
    public async Task WaitForProcessedAsync(long records, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        long processed;
        while ((processed = await ProcessedRecordsAsync(cancellationToken).ConfigureAwait(false)) < records)
        {
            if (Running.FirstOrDefault(n => n.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"node {dead.Name} exited with code {dead.ExitCode}; its output:{Environment.NewLine}{dead.RecentOutput}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the cluster processed {processed:N0} of {records:N0} records within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops every running node gracefully (in parallel).</summary>
    public async Task StopAllAsync()
    {
        await Task.WhenAll(Running.Select(StopGracefullyAsync)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _all)
        {
            node.Dispose();
        }

        _running.Clear();
        if (_journal is not null)
        {
            await _journal.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The node overlay: the rig's topics and group, its timeouts, no idle passivation, the empty registry.</summary>
    private static string NodeConfig(KafkaOptions topics, string models, int? batchSize)
    {
        static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        static string Quoted(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var batch = batchSize is { } b ? $"  pipeline.batch-size = {b.ToString(CultureInfo.InvariantCulture)}\n" : "";
        return $$"""
            # Written by ClusterRig: every node of this cluster loads it after the cluster overlay.
            phantom {
            {{batch}}  # The run compares sessions with a single-node run over the same events: none may passivate in between.
              session.passivate-idle-after = 100000h
              # An empty registry: every node serves the configured model, as the reference run does.
              models {
                directory = {{Quoted(models)}}
                watch-interval = 0
              }
              kafka {
                group-id = {{Quoted(topics.GroupId)}}
                events-topic = {{Quoted(topics.EventsTopic)}}
                prices-topic = {{Quoted(topics.PricesTopic)}}
                price-log-topic = {{Quoted(topics.PriceLogTopic)}}
                dead-letter-topic = {{Quoted(topics.DeadLetterTopic)}}
                partitions = {{topics.Partitions.ToString(CultureInfo.InvariantCulture)}}
                poll-timeout = {{Ms(topics.PollTimeout)}}
                session-timeout = {{Ms(topics.SessionTimeout)}}
                heartbeat-interval = {{Ms(topics.HeartbeatInterval)}}
                commit-interval = {{Ms(topics.CommitInterval)}}
              }
              journal.max-delay = 1ms
              # The registry marks a killed node unreachable about when the consumer group has moved its shards.
              cluster.unreachable-after = {{Ms(topics.SessionTimeout)}}
            }
            """;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
