using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Journal;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Journal;

public sealed class JournalSessionRecoveryTests : IDisposable
{
    private readonly JournalTestFolder _folder = new();
    private readonly PhantomOptions _options = new();
    private readonly ProductCatalog _catalog;
    private readonly InteractionEventParser _parser;
    private readonly SessionModel _model;

    public JournalSessionRecoveryTests()
    {
        _catalog = new ProductCatalog(_options.Catalog);
        _parser = new InteractionEventParser(_options.Codec, _catalog);
        _model = SessionModel.From(_options);
    }

    [Fact]
    public async Task Apply_JournaledSessionMissed_RebuildsItBeforeTheNewEvent()
    {
        await using var journal = await _folder.OpenAsync();
        var history = Enumerable.Range(0, 3).Select(i => Event("s-old", "/hotel/products", i)).ToList();
        await journal.AppendAsync(history.Select((line, i) => new JournalWrite("s-old", i + 1, Encoding.UTF8.GetBytes(line), Tags: ["p1"])).ToList(), []);
        var recovery = new JournalSessionRecovery(journal, partitions: 2);
        var table = new SessionTable(_model, recovery: recovery.ForShard(Shard(1)));
        recovery.Load([1]);

        var next = Event("s-old", "/hotel/products/hotel-deluxe-01", 3);
        var entity = Apply(table, next);

        var expected = UninterruptedRun(history.Append(next));

        Assert.Equal(4, entity.Sequence);
        Assert.Equal(expected.Snapshot(), entity.Snapshot());
        Assert.Equal(1, recovery.Recovered);
    }

    [Fact]
    public async Task Apply_SessionNeverJournaledOrOtherShard_StartsFresh()
    {
        await using var journal = await _folder.OpenAsync();
        await journal.AppendAsync([new JournalWrite("s-elsewhere", 1, Encoding.UTF8.GetBytes(Event("s-elsewhere", "/hotel", 0)), Tags: ["p0"])], []);
        var recovery = new JournalSessionRecovery(journal, partitions: 2);
        var table = new SessionTable(_model, recovery: recovery.ForShard(Shard(1)));
        recovery.Load([1]);

        Assert.Equal(1, Apply(table, Event("s-new", "/hotel", 0)).Sequence);
        Assert.Equal(1, Apply(table, Event("s-elsewhere", "/hotel", 1)).Sequence);
        Assert.Equal(0, recovery.Recovered);
    }

    [Fact]
    public async Task Apply_PartitionReassigned_DropsMemoryAndRecoversFromJournal()
    {
        await using var journal = await _folder.OpenAsync();
        var recovery = new JournalSessionRecovery(journal, partitions: 1);
        var table = new SessionTable(_model, recovery: recovery.ForShard(Shard(0)));
        recovery.Load([0]);
        Apply(table, Event("s-1", "/hotel", 0)); // in memory, never journaled here

        // Meanwhile another owner journaled two events of s-1; the partition comes back to this shard.
        await journal.AppendAsync(
            [
                new JournalWrite("s-1", 1, Encoding.UTF8.GetBytes(Event("s-1", "/hotel", 0)), Tags: ["p0"]),
                new JournalWrite("s-1", 2, Encoding.UTF8.GetBytes(Event("s-1", "/hotel/products", 1)), Tags: ["p0"]),
            ],
            []);
        recovery.Load([0]);

        Assert.Equal(3, Apply(table, Event("s-1", "/hotel/products", 2)).Sequence);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public async Task BeginLoad_OnePartitionsReadSlow_OtherPartitionReadyAndSlowOneRecoversFromMemory()
    {
        await using var inner = await _folder.OpenAsync();
        var slow = new SlowTagJournal(inner, "p1");
        var history = Enumerable.Range(0, 3).Select(i => Event("s-slow", "/hotel/products", i)).ToList();
        await slow.AppendAsync(history.Select((line, i) => new JournalWrite("s-slow", i + 1, Encoding.UTF8.GetBytes(line), Tags: ["p1"])).ToList(), []);
        await slow.AppendAsync([new JournalWrite("s-fast", 1, Encoding.UTF8.GetBytes(Event("s-fast", "/hotel", 0)), Tags: ["p0"])], []);
        var recovery = new JournalSessionRecovery(slow, partitions: 2);
        var fast = new SessionTable(_model, recovery: recovery.ForShard(Shard(0)));
        var slowTable = new SessionTable(_model, recovery: recovery.ForShard(Shard(1)));

        recovery.BeginLoad([0, 1]); // returns at once: the reads run in the background
        await slow.SlowReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => recovery.IsReady(0));

        Assert.False(recovery.IsReady(1));
        Assert.Equal(2, Apply(fast, Event("s-fast", "/hotel/products", 1)).Sequence);

        slow.Open();
        await WaitUntilAsync(() => recovery.IsReady(1));
        var next = Event("s-slow", "/hotel/products/hotel-deluxe-01", 3);
        var entity = Apply(slowTable, next);

        var expected = UninterruptedRun(history.Append(next));

        Assert.Equal(4, entity.Sequence);
        Assert.Equal(expected.Snapshot(), entity.Snapshot());
        Assert.Equal(2, recovery.RecoveredFromMemory);
        Assert.Equal(4, recovery.LoadedEvents);
    }

    [Fact]
    public async Task Apply_PartitionHistoryOverBudget_RecoversWithTheSessionsOwnQuery()
    {
        await using var journal = await _folder.OpenAsync();
        var history = Enumerable.Range(0, 3).Select(i => Event("s-big", "/hotel/products", i)).ToList();
        await journal.AppendAsync(history.Select((line, i) => new JournalWrite("s-big", i + 1, Encoding.UTF8.GetBytes(line), Tags: ["p0"])).ToList(), []);
        var recovery = new JournalSessionRecovery(journal, partitions: 1, historyBudgetBytes: 10);
        var table = new SessionTable(_model, recovery: recovery.ForShard(Shard(0)));
        recovery.Load([0]);

        Assert.Equal(4, Apply(table, Event("s-big", "/hotel", 3)).Sequence);
        Assert.Equal(1, recovery.Recovered);
        Assert.Equal(0, recovery.RecoveredFromMemory);
    }

    [Fact]
    public async Task Apply_SessionPassivatedAfterLoad_RebuildsWithItsEventsSinceTheLoad()
    {
        await using var journal = await _folder.OpenAsync();
        await journal.AppendAsync([new JournalWrite("s-1", 1, Encoding.UTF8.GetBytes(Event("s-1", "/hotel", 0)), Tags: ["p0"])], []);
        var recovery = new JournalSessionRecovery(journal, partitions: 1);
        var table = new SessionTable(_model, recovery: recovery.ForShard(Shard(0)));
        recovery.Load([0]);
        Assert.Equal(2, Apply(table, Event("s-1", "/hotel/products", 1)).Sequence);
        // The shard journals its event (as the journal stage would), then the session passivates.
        await journal.AppendAsync([new JournalWrite("s-1", 2, Encoding.UTF8.GetBytes(Event("s-1", "/hotel/products", 1)), Tags: ["p0"])], []);
        Assert.Equal(1, table.PassivateAll());

        Assert.Equal(3, Apply(table, Event("s-1", "/hotel/products", 2)).Sequence);
        Assert.Equal(2, recovery.Recovered);
        Assert.Equal(1, recovery.RecoveredFromMemory);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(5);
        }
    }

    private static string Event(string session, string page, int second) =>
        $$"""{"sessionId":"{{session}}","eventName":"page_view","page":"{{page}}","storeMode":"hotel","ts":"2025-11-25T20:21:{{second:00}}.000Z"}""";

    private ShardContext Shard(int shard) => new(shard, 2, new PipelineServices(_options, _catalog, new InMemoryDeadLetterSink()));

    // The session as one uninterrupted run over the same events would leave it: what recovery must reproduce.
    private SessionEntity UninterruptedRun(IEnumerable<string> lines)
    {
        var reference = new SessionTable(_model);
        SessionEntity last = null!;
        foreach (var line in lines)
        {
            last = Apply(reference, line);
        }

        return last;
    }

    private SessionEntity Apply(SessionTable table, string line)
    {
        var record = Encoding.UTF8.GetBytes(line);
        Assert.True(_parser.TryParse(record, 0, out InteractionEvent e, out var reason), reason.ToString());
        return table.Apply(in e, record);
    }
}
