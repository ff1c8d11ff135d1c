using System.Text;
using Phantom.Cluster;
using Phantom.Cluster.Node;
using Phantom.Streams.Configuration;
using Phantom.Streams.Journal;

namespace Phantom.Tests.Node;

/// <summary>
/// A node without Kafka (fed by its in-process ingest) that keeps a journal: events are journaled, and a restarted
/// node continues a session from its journaled events (recovery loaded at start, since no partition is assigned).
/// </summary>
public sealed class NodeJournalEmbeddedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("phantom-node-journal-embedded-").FullName;

    [Fact]
    public async Task Restart_SessionJournaledBefore_ContinuesItsSequence()
    {
        var journalPath = Path.Combine(_directory, "journal.db");
        await RunNodeAsync(journalPath, "s-embedded", 3, expectedInJournal: 3);

        var node = await RunNodeAsync(journalPath, "s-embedded", 2, expectedInJournal: 5);

        Assert.Equal(1, node.Recovered);
        Assert.Equal(5, node.LiveSequence);
        await using var journal = await JournalFactory.OpenAsync(new JournalOptions { Connection = journalPath });
        var sequence = new List<long>();
        await foreach (var e in journal.CurrentEventsByPersistenceId("s-embedded"))
        {
            sequence.Add(e.SequenceNr);
        }

        Assert.Equal([1L, 2, 3, 4, 5], sequence);
    }

    [Fact]
    public void Parse_JournalFlag_NoErrors()
    {
        var parse = Program.BuildRootCommand().Parse(["node", "--journal", "data/journal.db", "--kafka", "127.0.0.1:9092"]);

        Assert.Empty(parse.Errors);
    }

    [Fact]
    public async Task Run_WithJournalFlag_CreatesTheJournalAndStopsCleanly()
    {
        var journalPath = Path.Combine(_directory, "cli.db");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        var code = await new NodeRunner(new NodeRequest { Http = "http://127.0.0.1:0", Redis = "", Journal = journalPath, Partitions = 2, Quiet = true }).RunAsync(stop.Token);

        Assert.Equal(130, code);
        Assert.True(File.Exists(journalPath));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<(long Recovered, long LiveSequence)> RunNodeAsync(string journalPath, string session, int events, long expectedInJournal)
    {
        var options = new PhantomConfiguration()
            .Set("phantom.pipeline.partitions", "2")
            .Set("phantom.http.pricing-url", "http://127.0.0.1:0")
            .Set("phantom.http.ingest-url", "")
            .Set("phantom.journal.connection", journalPath)
            .Build(new Dictionary<string, string>());
        await using var node = new NodeHost(options);
        await node.StartAsync();
        for (var i = 0; i < events; i++)
        {
            var line = $$"""{"sessionId":"{{session}}","eventName":"page_view","page":"/hotel/products","storeMode":"hotel","ts":"2025-11-25T20:21:{{i:00}}.000Z"}""";
            await node.LocalPublisher!.PublishAsync(options.Kafka.EventsTopic, Encoding.UTF8.GetBytes(session), Encoding.UTF8.GetBytes(line));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await CountAsync(node.Journal!) < expectedInJournal)
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {expectedInJournal} journaled events");
            await Task.Delay(20);
        }

        var (_, components) = node.Http.Health();
        Assert.Equal("up", components["journal"].Status);
        Assert.Equal((long)events, (long)components["journal"].Details!["committed_events"]!); // this node's writes

        // Read before stopping: the drain passivates every session. The shards are quiet once the batch is journaled.
        long live = 0;
        for (var shard = 0; shard < node.Runtime.Partitions; shard++)
        {
            if (node.Runtime.Sessions[shard]!.TryGet(Streams.Events.Utf8Hash.Of(session), out var entity))
            {
                live = entity.Sequence;
            }
        }

        await node.StopAsync();
        return (node.Recovery!.Recovered, live);
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
}
