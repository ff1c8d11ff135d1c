using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
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

    /// <summary>Quiet time before each handoff step (and after the stream starts), so each pause belongs to one step.</summary>
    private static readonly TimeSpan StepSpacing = TimeSpan.FromSeconds(3);

    /// <summary>Time after a step's partitions serve again that still counts as the step (their backlog drains).</summary>
    private const long CatchUp = 2000;

    /// <summary>How long an assignment must hold to count as settled.</summary>
    private static readonly TimeSpan StableFor = TimeSpan.FromSeconds(1);

    private readonly PhantomOptions _options;
    private readonly string _journal;
    private readonly string _redis;
    private readonly Action<string> _progress;
    private readonly string _runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <param name="options">The node configuration (cluster overlay): partitions, seed, Kafka timeouts.</param>
    /// <param name="journal">A PostgreSQL connection string; each run gets its own schema on it, dropped afterwards.</param>
    /// <param name="redis">Redis for the nodes' prices, or empty for none.</param>
    /// <param name="progress">Receives a line per second of waiting and one per step.</param>
    /// <exception cref="ArgumentException"><paramref name="journal"/> is not a PostgreSQL connection string, or a <c>phantom.kafka</c> value is out of range.</exception>
    public ClusterBenchmark(PhantomOptions options, string journal, string redis, Action<string> progress)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Kafka.Validate();
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
    public double HandoffSeconds { get; init; } = 60;

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
            var journal = await rig.OpenJournalAsync(cancellationToken).ConfigureAwait(false);
            var nodes = await rig.StartNodesAsync(["node-1", "node-2", "node-3"], cancellationToken).ConfigureAwait(false);
            var settle = topics.SessionTimeout * 4 + TimeSpan.FromSeconds(60);
            var owners = await rig.WaitForAssignmentAsync(nodes, settle, cancellationToken, StableFor).ConfigureAwait(false);
            _progress($"three nodes own the partitions; streaming {records.Length:N0} records at {HandoffRate:N0}/s");
            var traffic = new ClusterTraffic(topics, records);
            var begin = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var produce = traffic.ProduceAsync(HandoffRate, cancellationToken);
            var steps = new List<ClusterHandoffStep>();

            async Task StepAsync(string kind, Func<Task<(string Node, ClusterNodeProcess[] Expected)>> change)
            {
                // Apart from the previous step, so each pause belongs to one step.
                await Task.Delay(StepSpacing, cancellationToken).ConfigureAwait(false);
                // Read afresh: a cooperative rebalance may have moved partitions after the previous step settled.
                var before = await rig.WaitForAssignmentAsync(rig.Running, settle, cancellationToken, StableFor).ConfigureAwait(false);
                var start = Now();
                var (node, expected) = await change().ConfigureAwait(false);
                owners = await rig.WaitForAssignmentAsync(expected, settle, cancellationToken, StableFor).ConfigureAwait(false);
                var settled = Now() - (long)StableFor.TotalMilliseconds; // first seen, before it held for StableFor
                var moved = Moved(before, owners, topics.Partitions);
                await WaitServingAsync(journal, topics, moved, produce, cancellationToken).ConfigureAwait(false);
                var serving = Now();
                steps.Add(new ClusterHandoffStep(kind, node, start, settled, serving, !produce.IsCompleted, moved, before));
                _progress($"{kind} {node}: settled after {(settled - start) / 1000.0:0.0} s, serving after {(serving - start) / 1000.0:0.0} s: {string.Join("; ", owners.Select(o => $"{o.Key} [{string.Join(",", o.Value)}]"))}");
            }

            await StepAsync("graceful-stop", async () =>
            {
                await rig.StopGracefullyAsync(nodes[0]).ConfigureAwait(false);
                return (nodes[0].Name, [nodes[1], nodes[2]]);
            }).ConfigureAwait(false);
            await StepAsync("sigkill", async () =>
            {
                await rig.KillAsync(nodes[1]).ConfigureAwait(false);
                return (nodes[1].Name, [nodes[2]]);
            }).ConfigureAwait(false);
            await StepAsync("join", async () =>
            {
                var joined = await rig.StartNodeAsync("node-4", cancellationToken).ConfigureAwait(false);
                return (joined.Name, [nodes[2], joined]);
            }).ConfigureAwait(false);
            if (steps.Any(s => !s.DuringStream))
            {
                _progress("warning: the stream ended before the last step; raise --handoff-seconds");
            }

            await WaitProcessedAsync(rig, records.Length, produce, System.Diagnostics.Stopwatch.StartNew(), cancellationToken).ConfigureAwait(false);
            var timeline = await ClusterJournalTimeline.ReadAsync(journal, cancellationToken).ConfigureAwait(false);
            await rig.StopAllAsync().ConfigureAwait(false);
            return Analyse(topics, records, traffic.ProducedAtMs, begin, timeline, steps);
        }
        finally
        {
            await DropSchemaAsync(name).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every partition in <paramref name="moved"/> stored a new offset (its new owner journaled events), or the stream is over and drained.</summary>
    private static async Task WaitServingAsync(IJournal journal, KafkaOptions topics, IReadOnlySet<int> moved, Task produce, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var at = await OffsetsAsync(journal, topics, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var now = await OffsetsAsync(journal, topics, cancellationToken).ConfigureAwait(false);
            if (moved.All(p => now.GetValueOrDefault(p) > at.GetValueOrDefault(p)) || produce.IsCompleted || DateTime.UtcNow > deadline)
            {
                return;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<int, long>> OffsetsAsync(IJournal journal, KafkaOptions topics, CancellationToken cancellationToken) =>
        (await journal.ReadOffsetsAsync(topics.GroupId, cancellationToken).ConfigureAwait(false))
            .Where(o => o.Topic == topics.EventsTopic)
            .ToDictionary(o => o.Partition, o => o.Offset);

    private static IReadOnlySet<int> Moved(IReadOnlyDictionary<string, IReadOnlyList<int>> before, IReadOnlyDictionary<string, IReadOnlyList<int>> after, int partitions)
    {
        static Dictionary<int, string> OwnerOf(IReadOnlyDictionary<string, IReadOnlyList<int>> owners) =>
            owners.SelectMany(o => o.Value.Select(p => (p, o.Key))).ToDictionary(x => x.p, x => x.Key);
        var was = OwnerOf(before);
        var now = OwnerOf(after);
        return Enumerable.Range(0, partitions).Where(p => was.GetValueOrDefault(p) != now.GetValueOrDefault(p)).ToHashSet();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private ClusterHandoffResult Analyse(KafkaOptions topics, byte[][] records, long[] producedAtMs, long begin, ClusterJournalTimeline timeline, List<ClusterHandoffStep> steps)
    {
        // Per session, when each of its applied events was produced: the k-th journaled event is its k-th valid record.
        var parser = new InteractionEventParser(_options.Codec, new ProductCatalog(_options.Catalog));
        var produced = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Length; i++)
        {
            if (parser.TryParse(records[i], 0, out var e, out _) && !e.IsAdminPage)
            {
                var id = Encoding.UTF8.GetString(e.SessionId.In(records[i]));
                if (!produced.TryGetValue(id, out var times))
                {
                    produced[id] = times = [];
                }

                times.Add(producedAtMs[i]);
            }
        }

        var producedAt = produced.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        // A step's window runs until its partitions serve again, plus the catch-up of what queued meanwhile.
        var (handoff, bystander, quiet) = timeline.SessionStretches(steps.Select(s => (s.Start, s.Serving + CatchUp, s.Moved)).ToArray(), producedAt);
        var latencies = timeline.ApplyLatencies(producedAt);
        var results = new List<ClusterStepResult>();
        var serving = new List<long>();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var pauses = s.Moved.Select(p => timeline.PartitionPause(p, s.Start, s.Serving - s.Start + 2000)).OfType<long>().ToList();
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
                s.DuringStream,
                Math.Round((s.Settled - s.Start) / 1000.0, 3),
                Math.Round((s.Serving - s.Start) / 1000.0, 3),
                s.Moved.Order().ToArray(),
                ClusterJournalTimeline.Quantile(pauses, 0.5),
                pauses.Count == 0 ? 0 : pauses.Max(),
                handoff[i].Count,
                ClusterJournalTimeline.Quantile(handoff[i], 0.5),
                ClusterJournalTimeline.Quantile(handoff[i], 0.99),
                bystander[i].Count,
                ClusterJournalTimeline.Quantile(bystander[i], 0.99),
                servingAgain));
        }

        return new ClusterHandoffResult(
            HandoffRate,
            records.Length,
            timeline.Events,
            (long)topics.SessionTimeout.TotalMilliseconds,
            (long)topics.HeartbeatInterval.TotalMilliseconds,
            ClusterJournalTimeline.Quantile(latencies, 0.5),
            ClusterJournalTimeline.Quantile(latencies, 0.99),
            quiet.Count,
            ClusterJournalTimeline.Quantile(quiet, 0.5),
            ClusterJournalTimeline.Quantile(quiet, 0.99),
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
