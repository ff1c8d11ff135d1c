using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Phantom.Streams.Configuration;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;

namespace Phantom.Cluster.Bench;

/// <summary>
/// <c>phantom bench cluster</c>: <c>phantom node</c> processes on one machine against one broker (librdkafka's mock
/// cluster, in this process) and one PostgreSQL journal. Three runs, each on fresh topics, a fresh consumer group and a
/// fresh journal schema:
/// <list type="number">
/// <item>throughput on one node: the records produced as fast as the producer goes once the node owns every partition;</item>
/// <item>the same records on <c>nodes</c> nodes;</item>
/// <item>handoff: three nodes under a steady stream; one is stopped gracefully, another is killed (SIGKILL), a new one
/// joins; the journal's commit times give each session's gaps, each moved partition's pause and, for the killed node's
/// partitions, the time until they served again.</item>
/// </list>
/// </summary>
public sealed class ClusterBenchmark
{
    private static readonly TimeSpan ProcessedPatience = TimeSpan.FromMinutes(5);

    private readonly PhantomOptions _options;
    private readonly string _journal;
    private readonly string _redis;
    private readonly Action<string> _progress;
    private readonly string _runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <param name="options">The node configuration (cluster overlay): partitions, seed, Kafka timeouts.</param>
    /// <param name="journal">A PostgreSQL connection string; each run gets its own schema on it, dropped afterwards.</param>
    /// <param name="redis">Redis for the nodes' prices, or empty for none.</param>
    /// <param name="progress">Receives a line per second of waiting and one per step.</param>
    /// <exception cref="ArgumentException"><paramref name="journal"/> is not a PostgreSQL connection string.</exception>
    public ClusterBenchmark(PhantomOptions options, string journal, string redis, Action<string> progress)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (!JournalFactory.IsPostgres(journal))
        {
            throw new ArgumentException("--journal must be a PostgreSQL connection string: several node processes share the journal", nameof(journal));
        }

        _journal = journal;
        _redis = redis ?? "";
        _progress = progress ?? throw new ArgumentNullException(nameof(progress));
    }

    /// <summary>Records of each throughput run.</summary>
    public int Events { get; init; } = 100_000;

    /// <summary>Nodes of the cluster throughput run.</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>Records/s of the handoff run's stream.</summary>
    public double HandoffRate { get; init; } = 1000;

    /// <summary>Length of the handoff run's stream; 0 skips the run.</summary>
    public double HandoffSeconds { get; init; } = 40;

    public async Task<ClusterBenchmarkResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var partitions = _options.Kafka.Partitions;
        var handoffRecords = (int)(HandoffRate * HandoffSeconds);
        _progress($"generating {Math.Max(Events, handoffRecords):N0} records (seed {_options.Generator.Seed})");
        var records = ClusterTraffic.Generate(_options, Math.Max(Events, handoffRecords));
        var work = Directory.CreateTempSubdirectory("phantom-bench-cluster-");
        using var broker = KafkaMockCluster.Start(_options.Kafka.MockBrokers);
        try
        {
            var one = await ThroughputAsync(broker, work.FullName, 1, records.Take(Events).ToArray(), cancellationToken).ConfigureAwait(false);
            var many = await ThroughputAsync(broker, work.FullName, Nodes, records.Take(Events).ToArray(), cancellationToken).ConfigureAwait(false);
            var handoff = handoffRecords > 0
                ? await HandoffAsync(broker, work.FullName, records.Take(handoffRecords).ToArray(), cancellationToken).ConfigureAwait(false)
                : null;
            return new ClusterBenchmarkResult(
                partitions,
                _options.Generator.Seed,
                Environment.ProcessorCount,
                "postgresql",
                _redis.Length > 0,
                one,
                many,
                Math.Round(many.EventsPerSecond / Math.Max(1e-9, one.EventsPerSecond), 3),
                handoff);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A node's file still open as it exits: the temp folder is cleaned later.
            }
        }
    }

    private async Task<ClusterThroughputResult> ThroughputAsync(KafkaMockCluster broker, string work, int nodes, byte[][] records, CancellationToken cancellationToken)
    {
        var name = $"throughput-{nodes}";
        var topics = NewTopics(broker, name);
        var schema = await CreateSchemaAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var rig = new ClusterRig(topics, schema, _redis, Path.Combine(work, name));
            var started = new List<ClusterNodeProcess>();
            for (var i = 1; i <= nodes; i++)
            {
                started.Add(await rig.StartNodeAsync($"node-{i}", cancellationToken).ConfigureAwait(false));
            }

            var assignment = await rig.WaitForAssignmentAsync(started, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            _progress($"{nodes} node(s) own the {topics.Partitions} partitions; producing {records.Length:N0} records");
            var clock = Stopwatch.StartNew();
            var produce = new ClusterTraffic(topics, records).ProduceAsync(0, cancellationToken);
            await WaitProcessedAsync(rig, records.Length, produce, clock, cancellationToken).ConfigureAwait(false);
            var wall = clock.Elapsed.TotalSeconds;
            var timeline = await ClusterJournalTimeline.ReadAsync(await rig.OpenJournalAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await rig.StopAllAsync().ConfigureAwait(false);
            var window = Math.Max(1, timeline.LastApplied - timeline.FirstApplied) / 1000.0;
            var eps = Math.Round(timeline.Events / window);
            _progress($"{nodes} node(s): {timeline.Events:N0} events in {window:0.00} s of applying = {eps:N0} events/s");
            return new ClusterThroughputResult(nodes, records.Length, timeline.Events, eps, Math.Round(wall, 3), assignment);
        }
        finally
        {
            await DropSchemaAsync(name).ConfigureAwait(false);
        }
    }

    private async Task<ClusterHandoffResult> HandoffAsync(KafkaMockCluster broker, string work, byte[][] records, CancellationToken cancellationToken)
    {
        const string name = "handoff";
        var topics = NewTopics(broker, name);
        var schema = await CreateSchemaAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var rig = new ClusterRig(topics, schema, _redis, Path.Combine(work, name));
            var a = await rig.StartNodeAsync("node-1", cancellationToken).ConfigureAwait(false);
            var b = await rig.StartNodeAsync("node-2", cancellationToken).ConfigureAwait(false);
            var c = await rig.StartNodeAsync("node-3", cancellationToken).ConfigureAwait(false);
            var settle = topics.SessionTimeout * 3 + TimeSpan.FromSeconds(60);
            var owners = await rig.WaitForAssignmentAsync([a, b, c], settle, cancellationToken).ConfigureAwait(false);
            _progress($"three nodes own the partitions; streaming {records.Length:N0} records at {HandoffRate:N0}/s");
            var traffic = new ClusterTraffic(topics, records);
            var clock = Stopwatch.StartNew();
            var begin = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var produce = traffic.ProduceAsync(HandoffRate, cancellationToken);
            var steps = new List<(string Kind, string Node, long Start, long Settled, IReadOnlyDictionary<string, IReadOnlyList<int>> Before, IReadOnlyDictionary<string, IReadOnlyList<int>> After)>();

            async Task StepAsync(double at, string kind, Func<Task<(string Node, ClusterNodeProcess[] Expected)>> change)
            {
                while (traffic.Produced < records.Length * at && !produce.IsCompleted)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }

                var before = owners;
                var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var (node, expected) = await change().ConfigureAwait(false);
                owners = await rig.WaitForAssignmentAsync(expected, settle, cancellationToken).ConfigureAwait(false);
                var settled = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                steps.Add((kind, node, start, settled, before, owners));
                _progress($"{kind} {node}: settled after {(settled - start) / 1000.0:0.0} s on {string.Join("; ", owners.Select(o => $"{o.Key} [{string.Join(",", o.Value)}]"))}");
            }

            await StepAsync(0.2, "graceful-stop", async () =>
            {
                await rig.StopGracefullyAsync(a).ConfigureAwait(false);
                return (a.Name, [b, c]);
            }).ConfigureAwait(false);
            await StepAsync(0.4, "sigkill", async () =>
            {
                await rig.KillAsync(b).ConfigureAwait(false);
                return (b.Name, [c]);
            }).ConfigureAwait(false);
            ClusterNodeProcess? d = null;
            await StepAsync(0.65, "join", async () =>
            {
                d = await rig.StartNodeAsync("node-4", cancellationToken).ConfigureAwait(false);
                return (d.Name, [c, d]);
            }).ConfigureAwait(false);

            await WaitProcessedAsync(rig, records.Length, produce, clock, cancellationToken).ConfigureAwait(false);
            var timeline = await ClusterJournalTimeline.ReadAsync(await rig.OpenJournalAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await rig.StopAllAsync().ConfigureAwait(false);
            return Analyse(topics, records.Length, begin, timeline, steps);
        }
        finally
        {
            await DropSchemaAsync(name).ConfigureAwait(false);
        }
    }

    private ClusterHandoffResult Analyse(
        KafkaOptions topics,
        long records,
        long begin,
        ClusterJournalTimeline timeline,
        List<(string Kind, string Node, long Start, long Settled, IReadOnlyDictionary<string, IReadOnlyList<int>> Before, IReadOnlyDictionary<string, IReadOnlyList<int>> After)> steps)
    {
        static Dictionary<int, string> OwnerOf(IReadOnlyDictionary<string, IReadOnlyList<int>> owners) =>
            owners.SelectMany(o => o.Value.Select(p => (p, o.Key))).ToDictionary(x => x.p, x => x.Key);

        var moved = steps.Select(s =>
        {
            var before = OwnerOf(s.Before);
            var after = OwnerOf(s.After);
            return (IReadOnlySet<int>)Enumerable.Range(0, topics.Partitions).Where(p => before.GetValueOrDefault(p) != after.GetValueOrDefault(p)).ToHashSet();
        }).ToArray();
        var (handoffGaps, normalGaps) = timeline.SessionGaps(steps.Select((s, i) => (s.Start, s.Settled, moved[i])).ToArray());
        var results = new List<ClusterStepResult>();
        var serving = new List<long>();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var window = s.Settled - s.Start + 10_000;
            var pauses = moved[i].Select(p => timeline.PartitionPause(p, s.Start, window)).OfType<long>().ToList();
            var servingAgain = new Dictionary<int, long>();
            if (s.Kind == "sigkill")
            {
                foreach (var p in s.Before.GetValueOrDefault(s.Node) ?? [])
                {
                    if (timeline.FirstAppliedAfter(p, s.Start) is { } first)
                    {
                        servingAgain[p] = first - s.Start;
                    }
                }

                serving.AddRange(servingAgain.Values);
            }

            results.Add(new ClusterStepResult(
                s.Kind,
                s.Node,
                Math.Round((s.Start - begin) / 1000.0, 3),
                Math.Round((s.Settled - s.Start) / 1000.0, 3),
                moved[i].Order().ToArray(),
                ClusterJournalTimeline.Quantile(pauses, 0.5),
                pauses.Count == 0 ? 0 : pauses.Max(),
                handoffGaps[i].Count,
                ClusterJournalTimeline.Quantile(handoffGaps[i], 0.5),
                ClusterJournalTimeline.Quantile(handoffGaps[i], 0.99),
                servingAgain));
        }

        return new ClusterHandoffResult(
            HandoffRate,
            records,
            timeline.Events,
            (long)topics.SessionTimeout.TotalMilliseconds,
            normalGaps.Count,
            ClusterJournalTimeline.Quantile(normalGaps, 0.5),
            ClusterJournalTimeline.Quantile(normalGaps, 0.99),
            ClusterJournalTimeline.Quantile(serving, 0.5),
            serving.Count == 0 ? 0 : serving.Max(),
            results);
    }

    private async Task WaitProcessedAsync(ClusterRig rig, long records, Task produce, Stopwatch clock, CancellationToken cancellationToken)
    {
        var next = clock.Elapsed + TimeSpan.FromSeconds(1);
        var deadline = clock.Elapsed + ProcessedPatience;
        long processed;
        while ((processed = await rig.ProcessedRecordsAsync(cancellationToken).ConfigureAwait(false)) < records)
        {
            if (produce.IsFaulted)
            {
                await produce.ConfigureAwait(false);
            }

            if (rig.Running.FirstOrDefault(n => n.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"node {dead.Name} exited with code {dead.ExitCode}; its output:{Environment.NewLine}{dead.RecentOutput}");
            }

            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"the cluster processed {processed:N0} of {records:N0} records within {ProcessedPatience.TotalMinutes:0} minutes");
            }

            if (clock.Elapsed >= next)
            {
                _progress($"{clock.Elapsed.TotalSeconds,6:0.0} s  {processed,10:N0} of {records:N0} records processed");
                next += TimeSpan.FromSeconds(1);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await produce.ConfigureAwait(false);
    }

    private KafkaOptions NewTopics(KafkaMockCluster broker, string name)
    {
        var topics = _options.Kafka.Clone();
        var id = $"bench-cluster-{_runId}-{name}";
        topics.BootstrapServers = broker.BootstrapServers;
        topics.GroupId = id + "-group";
        topics.EventsTopic = id + ".user-interactions";
        topics.PricesTopic = id + ".prices";
        topics.PriceLogTopic = id + ".price-logs";
        topics.DeadLetterTopic = id + ".dead-letters";
        broker.CreateContractTopics(topics);
        return topics;
    }

    /// <summary>A fresh schema for one run (its sessions would collide with another run's in one journal); returns its connection string.</summary>
    private async Task<string> CreateSchemaAsync(string name, CancellationToken cancellationToken)
    {
        var schema = SchemaName(name);
        await using (var connection = new NpgsqlConnection(JournalFactory.ToKeyValue(_journal)))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE; CREATE SCHEMA \"{schema}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new NpgsqlConnectionStringBuilder(JournalFactory.ToKeyValue(_journal)) { SearchPath = schema }.ToString();
    }

    private async Task DropSchemaAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(JournalFactory.ToKeyValue(_journal));
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{SchemaName(name)}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private string SchemaName(string name) => $"phantom_bench_cluster_{_runId}_{name.Replace('-', '_')}";
}
