using System.Text;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;
using Phantom.Streams.Journal;
using Phantom.Streams.Sessions;
using Phantom.Tests.Infrastructure;
using Phantom.Tests.Sessions;

namespace Phantom.Tests.Journal;

public sealed class JournalStageSnapshotTests : IDisposable
{
    private readonly JournalTestFolder _folder = new();
    private readonly PhantomOptions _options = new();
    private readonly InteractionEventParser _parser;
    private readonly SessionTable _table;

    public JournalStageSnapshotTests()
    {
        _parser = new InteractionEventParser(_options.Codec, new Phantom.Streams.Catalog.ProductCatalog(_options.Catalog));
        _table = new SessionTable(SessionModel.From(_options));
    }

    [Fact]
    public async Task EndBatch_SnapshotEveryThree_StoresTheStateAfterEachThirdEventWithItsBatch()
    {
        await using var journal = await _folder.OpenAsync();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var stage = new JournalStage(writer, shard: 0, offsets: null, "group", "events", maxInFlight: 2, snapshotEvery: 3);
        SessionEntity? a = null;
        byte[]? afterThree = null;
        for (var i = 1; i <= 7; i++)
        {
            a = Process(stage, "s-a", i);
            if (i == 3)
            {
                afterThree = SessionSnapshot.Serialize(a);
            }

            if (i % 2 == 0)
            {
                stage.EndBatch(); // snapshots fall into different batches than the events they follow, sometimes not
            }
        }

        Process(stage, "s-b", 1);
        stage.EndBatch();
        stage.Flush();

        var latest = await journal.LoadSnapshotAsync("s-a");
        Assert.NotNull(latest);
        Assert.Equal(6, latest.SequenceNr);
        Assert.Null(await journal.LoadSnapshotAsync("s-b"));
        Assert.Equal(2, stage.SnapshotsTaken);
        Assert.Equal(7, await journal.ReadHighestSequenceNrAsync("s-a"));
        var restored = new SessionEntity(a!.Key, "s-a", a.Model);
        Assert.True(SessionSnapshot.TryRestore(restored, latest.Payload, out var reason), reason);
        Assert.Equal(6, restored.Sequence);
        Assert.NotEqual(afterThree, latest.Payload);
    }

    [Fact]
    public async Task Process_SnapshotsDisabled_StoresNone()
    {
        await using var journal = await _folder.OpenAsync();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { MaxDelay = TimeSpan.Zero });
        var stage = new JournalStage(writer, shard: 0, offsets: null, "group", "events");
        for (var i = 1; i <= 5; i++)
        {
            Process(stage, "s-a", i);
        }

        stage.EndBatch();
        stage.Flush();

        Assert.Null(await journal.LoadSnapshotAsync("s-a"));
        Assert.Equal(0, stage.SnapshotsTaken);
        Assert.Equal(5, stage.Written);
    }

    [Fact]
    public async Task Process_NonSnapshotEvents_AllocateOnlyTheRecordCopyAndItsWrite()
    {
        await using var writer = new GroupCommitJournalWriter(new RecordingJournal(), new JournalOptions());
        var stage = new JournalStage(writer, shard: 0, offsets: null, "group", "events", snapshotEvery: 1_000_000);
        var record = Encoding.UTF8.GetBytes(Line("s-a", 1));
        var context = new EventContext { Record = record };
        context.Event = Parse(record);
        context.Session = _table.Apply(in context.Event, record);
        stage.Process(ref context); // warm up
        var withSnapshotsOff = new JournalStage(writer, shard: 0, offsets: null, "group", "events");
        withSnapshotsOff.Process(ref context);

        var parsed = context.Event;
        var session = context.Session;
        void ProcessOne(JournalStage target)
        {
            var one = new EventContext { Record = record, Event = parsed, Session = session };
            target.Process(ref one);
        }

        var withPolicy = SteadyStateAllocations.Least(() => ProcessOne(stage));
        var without = SteadyStateAllocations.Least(() => ProcessOne(withSnapshotsOff));

        // The snapshot check costs nothing on the heap: the same bytes as a stage without snapshots.
        Assert.Equal(without, withPolicy);
    }

    public void Dispose() => _folder.Dispose();

    private static string Line(string session, int i) =>
        $$"""{"sessionId":"{{session}}","eventName":"page_view","page":"/hotel/p{{i}}","storeMode":"hotel","ts":"2025-11-25T20:21:{{i:00}}.000Z"}""";

    private Phantom.Streams.Events.InteractionEvent Parse(byte[] record)
    {
        Assert.True(_parser.TryParse(record, 0, out var e, out var reason), reason.ToString());
        return e;
    }

    private SessionEntity Process(JournalStage stage, string session, int i)
    {
        var record = Encoding.UTF8.GetBytes(Line(session, i));
        var context = new EventContext { Record = record };
        context.Event = Parse(record);
        context.Session = _table.Apply(in context.Event, record);
        stage.Process(ref context);
        return context.Session!;
    }
}
