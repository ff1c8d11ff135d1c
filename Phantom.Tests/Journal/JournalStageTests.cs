using System.Text;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;
using Phantom.Streams.Hosting;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Journal;

public sealed class JournalStageTests : IDisposable
{
    private readonly JournalTestFolder _folder = new();
    private readonly PhantomOptions _options = new();
    private readonly InteractionEventParser _parser;
    private readonly SessionTable _table;

    public JournalStageTests()
    {
        _parser = new InteractionEventParser(_options.Codec, new Phantom.Streams.Catalog.ProductCatalog(_options.Catalog));
        _table = new SessionTable(SessionModel.From(_options));
    }

    [Fact]
    public async Task EndBatch_AppliedEventsAndMarkedOffsets_CommitsBothWithNextOffset()
    {
        await using var journal = await _folder.OpenAsync();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var offsets = new PartitionOffsets(4);
        var stage = new JournalStage(writer, shard: 2, offsets, "group", "events");

        Process(stage, offsets, 2, Event("s-1"), offset: 10);
        Process(stage, offsets, 2, Event("s-1"), offset: 11);
        Process(stage, offsets, 2, Event("s-2"), offset: 12);
        offsets.Mark(2, 13); // a record rejected before the journal stage still advances the stored offset
        stage.EndBatch();

        var stored = new List<JournalEvent>();
        await foreach (var e in journal.CurrentAllEvents())
        {
            stored.Add(e);
        }

        Assert.Equal([("s-1", 1L), ("s-1", 2L), ("s-2", 1L)], stored.Select(e => (e.PersistenceId, e.SequenceNr)));
        Assert.All(stored, e => Assert.Equal(["p2"], e.Tags));
        Assert.Equal(Event("s-2"), Encoding.UTF8.GetString(stored[2].Payload));
        Assert.Equal([new ConsumerOffset("group", "events", 2, 14)], await journal.ReadOffsetsAsync("group"));
        Assert.Equal(3, stage.Written);
    }

    [Fact]
    public async Task EndBatch_NothingNewSinceLastBatch_WritesNothing()
    {
        await using var journal = await _folder.OpenAsync();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var offsets = new PartitionOffsets(1);
        var stage = new JournalStage(writer, shard: 0, offsets, "group", "events");
        Process(stage, offsets, 0, Event("s-1"), offset: 0);
        stage.EndBatch();

        stage.EndBatch();

        Assert.Equal(1, writer.CommittedBatches);
    }

    [Fact]
    public async Task Process_StoppedOrSessionless_JournalsNothing()
    {
        await using var journal = await _folder.OpenAsync();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var stage = new JournalStage(writer, shard: 0, offsets: null, "group", "events");
        var record = Encoding.UTF8.GetBytes(Event("s-1"));
        var sessionless = new EventContext { Record = record };
        stage.Process(ref sessionless);
        var rejected = new EventContext { Record = record, Session = _table.Apply(Parse(record), record), Rejection = RejectReason.StageFailed };
        stage.Process(ref rejected);

        stage.EndBatch();

        Assert.Equal(0, writer.CommittedBatches);
        Assert.Equal(0, await journal.ReadHighestOrderingAsync());
    }

    [Fact]
    public async Task Configure_NodeGraph_PlacesJournalRightAfterSession()
    {
        await using var journal = await _folder.OpenAsync();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions());
        var registry = PhantomRuntime.BuiltInStages();

        JournalStage.Configure(_options, registry, writer, offsets: null);

        var stages = _options.Pipeline.Stages;
        Assert.Equal(stages.IndexOf(SessionStage.StageName) + 1, stages.IndexOf(JournalStage.StageName));
        Assert.Single(stages, JournalStage.StageName);
    }

    [Fact]
    public async Task EndBatch_Pipelined_ReturnsBeforeDurableAndGatesTheOffsetUntilCommitted()
    {
        var journal = new RecordingJournal(gated: true);
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var offsets = new PartitionOffsets(1);
        offsets.RequireDurability();
        var stage = new JournalStage(writer, shard: 0, offsets, "group", "events", maxInFlight: 2);

        Process(stage, offsets, 0, Event("s-1"), offset: 0);
        stage.EndBatch();
        offsets.Publish(0); // what kafka-offsets does after the batch
        Process(stage, offsets, 0, Event("s-1"), offset: 1);
        stage.EndBatch();
        offsets.Publish(0);

        // Both batches are past EndBatch while the database holds the first commit: the offset is not processed yet.
        Assert.Equal(2, stage.InFlightBatches);
        Assert.Equal(-1, offsets.Processed(0));
        journal.Open();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (offsets.Processed(0) < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        Assert.Equal(1, offsets.Processed(0));
        stage.Flush();
        Assert.Equal(0, stage.InFlightBatches);
        Assert.Equal(2, stage.Written);
        Assert.Equal(new ConsumerOffset("group", "events", 0, 2), journal.StoredOffsets[^1]);
    }

    [Fact]
    public async Task EndBatch_MoreThanMaxInFlight_WaitsForTheOldest()
    {
        var journal = new RecordingJournal(gated: true);
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var offsets = new PartitionOffsets(1);
        offsets.RequireDurability();
        var stage = new JournalStage(writer, shard: 0, offsets, "group", "events", maxInFlight: 1);
        Process(stage, offsets, 0, Event("s-1"), offset: 0);
        stage.EndBatch();
        Process(stage, offsets, 0, Event("s-1"), offset: 1);

        var second = Task.Run(stage.EndBatch);
        await journal.AppendStarted.Task;
        await Task.Delay(100);

        Assert.False(second.IsCompleted); // backpressure: a second batch in flight waits for the first
        journal.Open();
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(stage.InFlightBatches <= 1);
    }

    [Fact]
    public async Task EndBatch_EarlierCommitFailed_NeverMarksLaterOffsetsDurableAndThrows()
    {
        var journal = new RecordingJournal(gated: true) { RejectPersistenceId = "bad" };
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var offsets = new PartitionOffsets(1);
        offsets.RequireDurability();
        var stage = new JournalStage(writer, shard: 0, offsets, "group", "events", maxInFlight: 4);
        Process(stage, offsets, 0, Event("bad"), offset: 0);
        stage.EndBatch();
        Process(stage, offsets, 0, Event("s-1"), offset: 1);
        stage.EndBatch();
        offsets.Publish(0);

        journal.Open();
        Assert.ThrowsAny<Exception>(stage.Flush);
        Assert.Equal(-1, offsets.Durable(0)); // the good second batch must not carry the offset past the failed first
        Assert.Equal(-1, offsets.Processed(0));
        Process(stage, offsets, 0, Event("s-2"), offset: 2);
        Assert.Throws<InvalidOperationException>(stage.EndBatch);
    }

    public void Dispose() => _folder.Dispose();

    private static string Event(string session) =>
        $$"""{"sessionId":"{{session}}","eventName":"page_view","page":"/hotel/products","storeMode":"hotel","ts":"2025-11-25T20:21:00.000Z"}""";

    private Phantom.Streams.Events.InteractionEvent Parse(byte[] record)
    {
        Assert.True(_parser.TryParse(record, 0, out var e, out var reason), reason.ToString());
        return e;
    }

    /// <summary>What the shard does for one record: kafka-mark, parse, session, then the journal stage.</summary>
    private void Process(JournalStage stage, PartitionOffsets offsets, int shard, string line, long offset)
    {
        var record = Encoding.UTF8.GetBytes(line);
        offsets.Mark(shard, offset);
        var context = new EventContext { Record = record, SourceOffset = offset };
        context.Event = Parse(record);
        context.Session = _table.Apply(in context.Event, record);
        stage.Process(ref context);
    }
}
