using System.Text;
using Phantom.Cluster.Node;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Events;
using Phantom.Streams.Generation;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;
using Phantom.Streams.Sessions;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Node;

/// <summary>
/// The node-with-journal scenarios on the mock Kafka cluster, run against SQLite (<see cref="NodeJournalTests"/>) and
/// PostgreSQL (<see cref="PostgresNodeJournalTests"/>).
/// </summary>
internal static class NodeJournalScenarios
{
    private const int Partitions = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A node on fresh topics journals every applied event once, with every partition's next offset.</summary>
    public static async Task JournalsEveryEventOnceAsync(KafkaMockClusterFixture kafka, string journalConnection)
    {
        var topics = kafka.NewOptions("journal", Partitions);
        var options = NodeOptions(topics, journalConnection);
        var lines = Generate(options, 1200);
        Produce(topics, lines);
        var expected = Reference(options, lines);

        await using (var node = new NodeHost(options, kafka: true))
        {
            await node.StartAsync();
            await WaitUntil(() => node.JournalWriter!.CommittedEvents >= expected.Applied && node.Runtime.Pipeline.RecordsSettled() >= lines.Count, "every event journaled", node);
            Assert.Equal(expected.Applied, node.JournalWriter!.CommittedEvents);
        }

        await AssertJournalMatchesAsync(options, expected, lines.Count);
    }

    /// <summary>
    /// Node A crashes mid-stream (the pipeline aborted inside a group commit, no graceful drain); node B, same journal
    /// and group, finishes the stream: every event applied exactly once, recovered sessions equal one uninterrupted run.
    /// </summary>
    public static async Task CrashAndRestartAppliesExactlyOnceAsync(KafkaMockClusterFixture kafka, string journalConnection)
    {
        var topics = kafka.NewOptions("journal-crash", Partitions);
        var options = NodeOptions(topics, journalConnection);
        var lines = Generate(options, 2400);
        var first = lines.Take(1600).ToList();
        Produce(topics, first);

        // Node A processes part of the stream, then dies: the pipeline is aborted mid-batch (no EndBatch, so the
        // batch in flight is neither journaled nor marked processed) before the node is torn down.
        await using (var nodeA = new NodeHost(NodeOptions(topics, options.Journal.Connection), kafka: true))
        {
            var writer = nodeA.JournalWriter!;
            var crashed = 0;
            writer.BatchCommitted = _ =>
            {
                // Inside the group commit, before the shards waiting on it resume: they stop at their next record.
                if (writer.CommittedEvents >= 400 && Interlocked.Exchange(ref crashed, 1) == 0)
                {
                    nodeA.Runtime.Pipeline.Abort();
                }
            };
            await nodeA.StartAsync();
            await WaitUntil(() => Volatile.Read(ref crashed) == 1, "part of the stream journaled", nodeA);
        }

        await using (var journal = await JournalFactory.OpenAsync(new JournalOptions { Connection = options.Journal.Connection }))
        {
            var survived = await CountAsync(journal);
            Assert.InRange(survived, 400, Reference(options, first).Applied - 1); // the crash came mid-stream
        }

        Produce(topics, lines.Skip(first.Count).ToList());
        await using (var nodeB = new NodeHost(NodeOptions(topics, options.Journal.Connection), kafka: true))
        {
            var expected = Reference(options, lines, nodeB.Runtime.Model);
            await nodeB.StartAsync();
            await using (var journal = await JournalFactory.OpenAsync(new JournalOptions { Connection = options.Journal.Connection }))
            {
                await WaitUntil(() => CountAsync(journal).GetAwaiter().GetResult() >= expected.Applied, "every event journaled", nodeB);
            }

            // Sessions node B met were rebuilt from the journal before their new events: their state equals one
            // uninterrupted run over the same events.
            Assert.True(nodeB.Recovery!.Recovered > 0, "some sessions continued across the crash");
            var compared = 0;
            for (var shard = 0; shard < Partitions; shard++)
            {
                var table = nodeB.Runtime.Sessions[shard]!;
                foreach (var (key, reference) in expected.Sessions)
                {
                    if (table.TryGet(key, out var live))
                    {
                        Assert.Equal(reference.Sequence, live.Sequence);
                        Assert.Equal(reference.Snapshot(), live.Snapshot());
                        compared++;
                    }
                }
            }

            Assert.True(compared > 0);
            await nodeB.StopAsync();
            await AssertJournalMatchesAsync(options, expected, lines.Count);
        }
    }

    /// <summary>
    /// A node with <c>snapshot-every = 3</c> journals part of the stream and stops; every session it held, rebuilt from
    /// the journal (its latest snapshot plus the events after it), is the state the node had before it stopped, bit for
    /// bit, while reading only the tails. A second node then finishes the stream: recovered sessions (from snapshots)
    /// equal one uninterrupted run.
    /// </summary>
    public static async Task SnapshotsRecoverTheStateBeforeTheRestartAsync(KafkaMockClusterFixture kafka, string journalConnection)
    {
        var topics = kafka.NewOptions("journal-snapshots", Partitions);
        PhantomOptions Options() => NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.pipeline.batch-size", "64")
            .Set("phantom.session.passivate-idle-after", "100000h")
            .Set("phantom.journal.connection", journalConnection)
            .Set("phantom.journal.max-delay", "1ms")
            .Set("phantom.journal.snapshot-every", "3")
            .Build(new Dictionary<string, string>());
        var options = Options();
        var lines = Generate(options, 2400);
        var first = lines.Take(1200).ToList();
        Produce(topics, first);
        var before = new Dictionary<string, (ulong Key, byte[] State, long Sequence)>(StringComparer.Ordinal);
        SessionModel model;
        await using (var nodeA = new NodeHost(Options(), kafka: true))
        {
            model = nodeA.Runtime.Model;
            var expectedA = Reference(options, first, model);
            await nodeA.StartAsync();
            await WaitUntil(() => nodeA.JournalWriter!.CommittedEvents >= expectedA.Applied && nodeA.Runtime.Pipeline.RecordsSettled() >= first.Count, "the first part journaled", nodeA);
            // The shards are idle (everything settled): the live states as the node holds them before it stops.
            foreach (var (key, reference) in expectedA.Sessions)
            {
                for (var shard = 0; shard < Partitions; shard++)
                {
                    if (nodeA.Runtime.Sessions[shard]!.TryGet(key, out var live))
                    {
                        before.Add(live.SessionId, (key, SessionSnapshot.Serialize(live), live.Sequence));
                    }
                }
            }

            Assert.Equal(expectedA.Sessions.Count, before.Count);
            await nodeA.StopAsync();
        }

        await using (var stored = await JournalFactory.OpenAsync(new JournalOptions { Connection = journalConnection }))
        {
            var journal = new Phantom.Tests.Journal.CountingJournal(stored);
            var recovery = new JournalShardRecovery(journal, new InteractionEventParser(options.Codec, new ProductCatalog(options.Catalog)));
            recovery.Assign(before.Values.Select(b => b.Key).ToHashSet());
            foreach (var (id, (key, state, sequence)) in before)
            {
                var recovered = new SessionEntity(key, id, model);
                Assert.True(recovery.TryRecover(recovered));
                Assert.Equal(state, SessionSnapshot.Serialize(recovered));
                Assert.Equal(sequence % 3, journal.ReadOf(id));
            }

            Assert.Equal(before.Values.Count(b => b.Sequence >= 3), recovery.FromSnapshot);
            Assert.True(recovery.FromSnapshot > 0, "some sessions reached a snapshot");
            // Generated sessions are short, so many never reach a snapshot; those that do cost their tail alone.
            Assert.Equal(before.Values.Sum(b => b.Sequence % 3), journal.EventsRead);
            Assert.True(journal.EventsRead < before.Values.Sum(b => b.Sequence), $"{journal.EventsRead} events read to recover");
        }

        Produce(topics, lines.Skip(first.Count).ToList());
        await using (var nodeB = new NodeHost(Options(), kafka: true))
        {
            var expected = Reference(options, lines, nodeB.Runtime.Model);
            await nodeB.StartAsync();
            await WaitUntil(() => nodeB.Runtime.Pipeline.RecordsSettled() >= lines.Count - first.Count, "the rest settled", nodeB);
            await WaitUntil(() => nodeB.JournalWriter!.CommittedEvents >= expected.Applied - before.Values.Sum(b => b.Sequence), "the rest journaled", nodeB);
            // Node B is fed by Kafka, so it rebuilds returning sessions from the partition's history read in bulk at
            // assignment (JournalSessionRecovery.BeginLoad), not through the per-session snapshot-plus-tail queries the
            // block above checks: either way the continued sessions must equal an uninterrupted run.
            Assert.True(nodeB.Recovery!.Recovered > 0, "node B continued sessions from the journal");
            var compared = 0;
            for (var shard = 0; shard < Partitions; shard++)
            {
                foreach (var (key, reference) in expected.Sessions)
                {
                    if (nodeB.Runtime.Sessions[shard]!.TryGet(key, out var live))
                    {
                        Assert.Equal(SessionSnapshot.Serialize(reference), SessionSnapshot.Serialize(live));
                        for (var f = 0; f < SessionFeatures.Count; f++)
                        {
                            Assert.Equal(BitConverter.DoubleToInt64Bits(reference.Feature(f)), BitConverter.DoubleToInt64Bits(live.Feature(f)));
                        }

                        compared++;
                    }
                }
            }

            Assert.True(compared > 0);
            await nodeB.StopAsync();
            await AssertJournalMatchesAsync(options, expected, lines.Count);
        }
    }

    /// <summary>
    /// The journal's database goes away for a few seconds mid-stream (<paramref name="stopDatabase"/>, then
    /// <paramref name="startDatabase"/>): the group commit retries with backoff, /health shows the journal degraded, the
    /// shards wait (bounded buffering: no more than the queues hold), and once the database is back the node resumes;
    /// every event is journaled exactly once with every partition's offset.
    /// </summary>
    public static async Task DatabaseOutageResumesExactlyOnceAsync(KafkaMockClusterFixture kafka, string journalConnection, Func<Task> stopDatabase, Func<Task> startDatabase)
    {
        var topics = kafka.NewOptions("journal-outage", Partitions);
        var options = NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.pipeline.batch-size", "64")
            .Set("phantom.session.passivate-idle-after", "100000h")
            .Set("phantom.journal.connection", journalConnection)
            .Set("phantom.journal.max-delay", "1ms")
            .Set("phantom.journal.retry-backoff", "50ms")
            .Build(new Dictionary<string, string>());
        var lines = Generate(options, 2400);
        var first = lines.Take(800).ToList();
        Produce(topics, first);

        await using var node = new NodeHost(options, kafka: true);
        var expected = Reference(options, lines, node.Runtime.Model);
        await node.StartAsync();
        await WaitUntil(() => node.JournalWriter!.CommittedEvents >= 300, "part of the stream journaled", node);

        await stopDatabase();
        var journaledAtStop = node.JournalWriter!.CommittedEvents;
        try
        {
            Produce(topics, lines.Skip(first.Count).ToList());
            await WaitUntil(() => node.Http.Health().Components["journal"].Status == "degraded", "the journal degraded on /health", node);
            var pipeline = options.Pipeline;
            // Bounded: per shard at most its queue, the batch in hand and the batches whose commit is open.
            var bound = (long)Partitions * (pipeline.QueueCapacity + 2 + options.Journal.MaxInFlightBatches) * pipeline.BatchSize;
            for (var i = 0; i < 20; i++)
            {
                Assert.InRange(node.Runtime.Pipeline.GetMetrics().InFlight, 0, bound);
                Assert.InRange(node.JournalWriter.QueuedRequests, 0, options.Journal.QueueCapacity);
                Assert.InRange(node.JournalWriter.CommittedEvents - journaledAtStop, 0, (long)Partitions * (options.Journal.MaxInFlightBatches + 1) * pipeline.BatchSize);
                await Task.Delay(100);
            }
        }
        finally
        {
            await startDatabase();
        }

        await WaitUntil(() => node.JournalWriter.CommittedEvents >= expected.Applied && node.Runtime.Pipeline.RecordsSettled() >= lines.Count, "every event journaled after the outage", node);
        await WaitUntil(() => node.Http.Health().Components["journal"].Status == "up", "the journal up again on /health", node);
        Assert.True(node.JournalWriter.UnavailableRetries > 0);
        await node.StopAsync();
        await AssertJournalMatchesAsync(options, expected, lines.Count);
    }

    /// <summary>
    /// Node B joins node A's group mid-stream (same journal): partitions move from A to B at a rebalance, A journals and
    /// stores the offsets of what it processed before letting go, B resumes there and rebuilds the sessions it meets;
    /// every event is applied exactly once and B's sessions equal one uninterrupted run.
    /// </summary>
    public static async Task RebalanceAppliesExactlyOnceAsync(KafkaMockClusterFixture kafka, string journalConnection)
    {
        var topics = kafka.NewOptions("journal-rebalance", Partitions);
        var options = NodeOptions(topics, journalConnection);
        var lines = Generate(options, 2400);
        var first = lines.Take(1200).ToList();
        Produce(topics, first);

        await using var nodeA = new NodeHost(NodeOptions(topics, journalConnection), kafka: true);
        await nodeA.StartAsync();
        await WaitUntil(() => nodeA.JournalWriter!.CommittedEvents >= 400, "part of the stream journaled by node A", nodeA);

        await using var nodeB = new NodeHost(NodeOptions(topics, journalConnection), kafka: true);
        await nodeB.StartAsync();
        var sourceB = nodeB.Sources.OfType<KafkaSource>().Single();
        await WaitUntil(() => sourceB.AssignedPartitions.Count > 0, "node B assigned partitions", nodeB);
        Produce(topics, lines.Skip(first.Count).ToList());

        var expected = Reference(options, lines, nodeB.Runtime.Model);
        await using (var journal = await JournalFactory.OpenAsync(new JournalOptions { Connection = journalConnection }))
        {
            await WaitUntil(() => CountAsync(journal).GetAwaiter().GetResult() >= expected.Applied, "every event journaled", nodeB);
        }

        Assert.True(nodeB.JournalWriter!.CommittedEvents > 0, "node B took over part of the stream");
        Assert.True(nodeB.Recovery!.Recovered > 0, "node B continued sessions node A had journaled");
        Assert.Null(nodeA.SourceFailure);
        var compared = 0;
        foreach (var shard in sourceB.AssignedPartitions)
        {
            var table = nodeB.Runtime.Sessions[shard]!;
            foreach (var (key, reference) in expected.Sessions)
            {
                if (table.TryGet(key, out var live))
                {
                    Assert.Equal(reference.Sequence, live.Sequence);
                    Assert.Equal(reference.Snapshot(), live.Snapshot());
                    compared++;
                }
            }
        }

        Assert.True(compared > 0);
        await nodeB.StopAsync();
        await nodeA.StopAsync();
        await AssertJournalMatchesAsync(options, expected, lines.Count);
    }

    /// <summary>
    /// A real <c>phantom node</c> process is killed with SIGKILL while it consumes; a second process with the same
    /// journal and consumer group finishes the stream: every event is applied exactly once.
    /// </summary>
    public static async Task ProcessKilledThenRestartedAppliesExactlyOnceAsync(KafkaMockClusterFixture kafka, string journalConnection, string directory)
    {
        var topics = kafka.NewOptions("sigkill", Partitions);
        var options = NodeOptions(topics, journalConnection);
        var lines = Generate(options, 3000);
        var expected = Reference(options, lines);
        var config = Path.Combine(directory, "node.conf");
        await File.WriteAllTextAsync(config, $$"""
            phantom {
              pipeline.batch-size = 64
              session.passivate-idle-after = 100000h
              kafka {
                group-id = "{{topics.GroupId}}"
                events-topic = "{{topics.EventsTopic}}"
                prices-topic = "{{topics.PricesTopic}}"
                price-log-topic = "{{topics.PriceLogTopic}}"
                dead-letter-topic = "{{topics.DeadLetterTopic}}"
                partitions = {{Partitions}}
                poll-timeout = 20ms
                session-timeout = 6s
                commit-interval = 200ms
              }
              journal.max-delay = 1ms
            }
            """);
        string[] arguments =
        [
            "node", "--config", config, "--kafka", topics.BootstrapServers, "--journal", journalConnection,
            "--redis", "", "--http", "http://127.0.0.1:0", "--partitions", Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "--quiet",
        ];

        Produce(topics, lines[..1500]);
        using (var first = Phantom.Tests.Kafka.PhantomProcess.Start(arguments))
        {
            await WaitForJournalAsync(options, atLeast: 300, first);
            first.Kill(); // SIGKILL: no drain, no commit, no goodbye to the group
            await first.WaitForExitAsync();
        }

        Produce(topics, lines[1500..]);
        using (var second = Phantom.Tests.Kafka.PhantomProcess.Start(arguments))
        {
            await WaitForJournalAsync(options, atLeast: expected.Applied, second);
            second.Kill();
            await second.WaitForExitAsync();
        }

        await AssertJournalMatchesAsync(options, expected, lines.Count);
    }

    private static async Task WaitForJournalAsync(PhantomOptions options, long atLeast, System.Diagnostics.Process node)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Assert.False(node.HasExited, $"phantom node exited early: {(node.HasExited ? await node.StandardError.ReadToEndAsync() : "")}");
            if (File.Exists(options.Journal.Connection) || JournalFactory.IsPostgres(options.Journal.Connection))
            {
                await using var journal = await JournalFactory.OpenAsync(new JournalOptions { Connection = options.Journal.Connection });
                if (await CountAsync(journal) >= atLeast)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the journal did not reach {atLeast} events");
            await Task.Delay(200);
        }
    }

    private static async Task AssertJournalMatchesAsync(PhantomOptions options, Expected expected, int produced)
    {
        await using var journal = await JournalFactory.OpenAsync(new JournalOptions { Connection = options.Journal.Connection });
        var events = new List<JournalEvent>();
        await foreach (var e in journal.CurrentAllEvents())
        {
            events.Add(e);
        }

        Assert.Equal(expected.Applied, events.Count);
        foreach (var session in events.GroupBy(e => e.PersistenceId))
        {
            var journaled = session.OrderBy(e => e.SequenceNr).ToList();
            // Contiguous from 1: no gap (lost) and no repeat (double-applied); and the very records, in order.
            Assert.Equal(Enumerable.Range(1, journaled.Count).Select(i => (long)i), journaled.Select(e => e.SequenceNr));
            Assert.Equal(expected.Records[session.Key], journaled.Select(e => Encoding.UTF8.GetString(e.Payload)));
            Assert.All(journaled, e => Assert.Single(e.Tags));
        }

        Assert.Equal(expected.Records.Count, events.Select(e => e.PersistenceId).Distinct().Count());
        var offsets = await journal.ReadOffsetsAsync(options.Kafka.GroupId);
        Assert.Equal(Partitions, offsets.Count);
        // Fresh topics: a partition's next offset is its record count, so together they cover every produced record.
        Assert.Equal(produced, offsets.Sum(o => o.Offset));
    }

    private static async Task<long> CountAsync(IJournal journal)
    {
        long count = 0;
        await foreach (var e in journal.CurrentAllEvents())
        {
            count++;
        }

        return count;
    }

    private static PhantomOptions NodeOptions(KafkaOptions topics, string journal) => NodeTestConfiguration.ForKafka(topics)
        .Set("phantom.pipeline.batch-size", "64")
        .Set("phantom.session.passivate-idle-after", "100000h")
        .Set("phantom.journal.connection", journal)
        .Set("phantom.journal.max-delay", "1ms")
        .Build(new Dictionary<string, string>());

    private static List<string> Generate(PhantomOptions options, int count)
    {
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var buffer = new byte[generator.MaxLineBytes];
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            generator.TryWriteNext(buffer, out var written, out _);
            lines.Add(Encoding.UTF8.GetString(buffer, 0, written));
        }

        return lines;
    }

    private static void Produce(KafkaOptions topics, List<string> lines)
    {
        using var publisher = new KafkaEventPublisher(topics);
        var loader = new KafkaEventLoader(publisher, topics.EventsTopic);
        foreach (var line in lines)
        {
            loader.Add(Encoding.UTF8.GetBytes(line));
        }

        Assert.True(loader.Finish(Patience));
    }

    /// <summary>One uninterrupted, single-threaded application of <paramref name="lines"/> to fresh entities.</summary>
    private static Expected Reference(PhantomOptions options, List<string> lines, SessionModel? model = null)
    {
        var parser = new InteractionEventParser(options.Codec, new ProductCatalog(options.Catalog));
        model ??= SessionModel.From(options);
        var expected = new Expected();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var line in lines)
        {
            var record = Encoding.UTF8.GetBytes(line);
            if (!parser.TryParse(record, now, out var e, out _) || e.IsAdminPage)
            {
                continue;
            }

            if (!expected.Sessions.TryGetValue(e.SessionKey, out var entity))
            {
                var id = Encoding.UTF8.GetString(e.SessionId.In(record));
                entity = new SessionEntity(e.SessionKey, id, model);
                expected.Sessions.Add(e.SessionKey, entity);
                expected.Records.Add(id, []);
            }

            entity.Apply(in e);
            expected.Records[entity.SessionId].Add(line);
            expected.Applied++;
        }

        return expected;
    }

    private static async Task WaitUntil(Func<bool> condition, string what, NodeHost node)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.Null(node.SourceFailure);
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private sealed class Expected
    {
        public Dictionary<ulong, SessionEntity> Sessions { get; } = [];

        public Dictionary<string, List<string>> Records { get; } = new(StringComparer.Ordinal);

        public long Applied { get; set; }
    }
}
