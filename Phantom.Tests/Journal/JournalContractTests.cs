using System.Text;
using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>
/// The behaviour every <see cref="IJournal"/> must have; run against SQLite (<see cref="SqliteJournalTests"/>) and
/// PostgreSQL (<see cref="PostgresJournalTests"/>). Each test gets a fresh, empty store.
/// </summary>
public abstract class JournalContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<IJournal> _opened = [];

    /// <summary>Opens this test's store; called again, opens the same store with a new journal instance.</summary>
    protected abstract Task<IJournal> OpenStoreAsync(JournalOptions options);

    /// <summary>Creates this test's empty store.</summary>
    public abstract Task InitializeAsync();

    /// <summary>Removes this test's store (after the journals are disposed).</summary>
    protected abstract Task DeleteStoreAsync();

    public async Task DisposeAsync()
    {
        foreach (var journal in _opened) await journal.DisposeAsync();
        await DeleteStoreAsync();
    }

    private async Task<IJournal> OpenAsync(JournalOptions? options = null)
    {
        var journal = await OpenStoreAsync(options ?? new JournalOptions { PollInterval = TimeSpan.FromMilliseconds(20), QueryPageSize = 7 });
        _opened.Add(journal);
        return journal;
    }

    private static JournalWrite Event(string pid, long seq, params string[] tags) =>
        new(pid, seq, Encoding.UTF8.GetBytes($"{pid}#{seq}"), "test.v1", tags, "node-a");

    private static string Text(JournalEvent e) => Encoding.UTF8.GetString(e.Payload);

    private static async Task<List<JournalEvent>> Take(IAsyncEnumerable<JournalEvent> query, int count)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var result = new List<JournalEvent>();
        await foreach (var e in query.WithCancellation(cancel.Token))
        {
            result.Add(e);
            if (result.Count == count) break;
        }

        return result;
    }

    private static async Task<List<JournalEvent>> All(IAsyncEnumerable<JournalEvent> query)
    {
        var result = new List<JournalEvent>();
        await foreach (var e in query) result.Add(e);
        return result;
    }

    [Fact]
    public async Task CurrentEventsByPersistenceId_FromTo_ReturnsThatRangeWithAllFields()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1), Event("b", 1), Event("a", 2, "red"), Event("a", 3)], []);
        await journal.AppendAsync([Event("a", 4), Event("a", 5)], []);

        var events = await All(journal.CurrentEventsByPersistenceId("a", 2, 4));

        Assert.Equal([2L, 3L, 4L], events.Select(e => e.SequenceNr));
        Assert.Equal(["a#2", "a#3", "a#4"], events.Select(Text));
        Assert.All(events, e => Assert.Equal("a", e.PersistenceId));
        Assert.Equal(["red"], events[0].Tags);
        Assert.Equal("test.v1", events[0].Manifest);
        Assert.Equal("node-a", events[0].Writer);
        Assert.True(events[0].Created > 0);
    }

    [Fact]
    public async Task CurrentEventsByPersistenceId_MoreThanOnePage_ReturnsEveryEventOnce()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync(Enumerable.Range(1, 30).Select(i => Event("a", i)).ToArray(), []);

        var events = await All(journal.CurrentEventsByPersistenceId("a"));

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), events.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task ReadHighestSequenceNrAsync_AfterAppends_ReturnsMaximumOrZeroForUnknown()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1), Event("a", 2), Event("b", 1)], []);

        Assert.Equal(2, await journal.ReadHighestSequenceNrAsync("a"));
        Assert.Equal(1, await journal.ReadHighestSequenceNrAsync("b"));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("nobody"));
    }

    [Fact]
    public async Task CurrentEventsByTag_AfterOrdering_ReturnsLaterTaggedEventsInOrderingOrder()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1, "red"), Event("b", 1, "blue"), Event("a", 2, "red", "blue"), Event("c", 1)], []);
        await journal.AppendAsync([Event("c", 2, "red")], []);

        var red = await All(journal.CurrentEventsByTag("red"));
        var blue = await All(journal.CurrentEventsByTag("blue"));
        var redAfterFirst = await All(journal.CurrentEventsByTag("red", red[0].Ordering));

        Assert.Equal(["a#1", "a#2", "c#2"], red.Select(Text));
        Assert.Equal(["b#1", "a#2"], blue.Select(Text));
        Assert.Equal(["a#2", "c#2"], redAfterFirst.Select(Text));
        Assert.True(red.Zip(red.Skip(1)).All(p => p.First.Ordering < p.Second.Ordering));
    }

    [Fact]
    public async Task CurrentEventsByTag_RunsOfOneTagMixedWithOthers_ReturnsExactlyEachTagsEvents()
    {
        // Runs of consecutive events with one equal tag (what the journal stage writes, one shard's batch after
        // another), broken by other tags, by several tags and by none, and a run continued in a later transaction.
        var journal = await OpenAsync();
        await journal.AppendAsync(
            [Event("a", 1, "p0"), Event("a", 2, "p0"), Event("b", 1, "p0"), Event("c", 1, "p1"), Event("c", 2, "p1"),
             Event("d", 1, "p0"), Event("e", 1, "p0", "p1"), Event("e", 2), Event("f", 1, "p1"), Event("f", 2, "p0")],
            [new ConsumerOffset("g", "t", 0, 5)]);
        await journal.AppendAsync([Event("f", 3, "p0"), Event("g", 1, "p0")], []);

        var p0 = await All(journal.CurrentEventsByTag("p0"));
        var p1 = await All(journal.CurrentEventsByTag("p1"));

        Assert.Equal(["a#1", "a#2", "b#1", "d#1", "e#1", "f#2", "f#3", "g#1"], p0.Select(Text));
        Assert.Equal(["c#1", "c#2", "e#1", "f#1"], p1.Select(Text));
        Assert.All(p0, e => Assert.Contains("p0", e.Tags));
        Assert.Equal(12, (await All(journal.CurrentAllEvents())).Count);
    }

    [Fact]
    public async Task AppendAsync_DuplicateInsideARunOfOneTag_LeavesNoTagRows()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1, "p0")], []);

        await Assert.ThrowsAsync<DuplicateSequenceNumberException>(async () =>
            await journal.AppendAsync([Event("b", 1, "p0"), Event("b", 2, "p0"), Event("a", 1, "p0"), Event("b", 3, "p0")], []));

        Assert.Equal(["a#1"], (await All(journal.CurrentEventsByTag("p0"))).Select(Text));
    }

    [Fact]
    public async Task CurrentAllEvents_AfterOrdering_ReturnsLaterEventsInAppendOrder()
    {
        var journal = await OpenAsync();
        var written = Enumerable.Range(1, 20).Select(i => Event("p" + (i % 3), (i + 2) / 3)).ToArray();
        await journal.AppendAsync(written[..10], []);
        await journal.AppendAsync(written[10..], []);

        var all = await All(journal.CurrentAllEvents());
        var tail = await All(journal.CurrentAllEvents(all[4].Ordering));

        Assert.Equal(written.Select(w => $"{w.PersistenceId}#{w.SequenceNr}"), all.Select(Text));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Ordering < p.Second.Ordering));
        Assert.Equal(all.Skip(5).Select(e => e.Ordering), tail.Select(e => e.Ordering));
        Assert.Equal(all[^1].Ordering, await journal.ReadHighestOrderingAsync());
    }

    [Fact]
    public async Task EventsByPersistenceId_Live_DeliversEventsAppendedAfterItStarted()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1)], []);
        var reading = Take(journal.EventsByPersistenceId("a"), 4);
        await Task.Delay(100);
        await journal.AppendAsync([Event("b", 1), Event("a", 2)], []);
        await journal.AppendAsync([Event("a", 3), Event("a", 4)], []);

        var events = await reading;

        Assert.Equal(["a#1", "a#2", "a#3", "a#4"], events.Select(Text));
    }

    [Fact]
    public async Task EventsByPersistenceId_LiveWithUpperBound_EndsAtToSequenceNr()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1), Event("a", 2), Event("a", 3)], []);

        var events = await All(journal.EventsByPersistenceId("a", 1, 2));

        Assert.Equal([1L, 2L], events.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task EventsByTag_Live_DeliversTaggedEventsAppendedLater()
    {
        var journal = await OpenAsync();
        var reading = Take(journal.EventsByTag("red"), 3);
        await journal.AppendAsync([Event("a", 1, "red"), Event("a", 2)], []);
        await Task.Delay(100);
        await journal.AppendAsync([Event("b", 1, "red"), Event("c", 1, "red")], []);

        var events = await reading;

        Assert.Equal(["a#1", "b#1", "c#1"], events.Select(Text));
    }

    [Fact]
    public async Task AllEvents_Live_DeliversEventsAppendedLater()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1)], []);
        var reading = Take(journal.AllEvents(), 3);
        await Task.Delay(100);
        await journal.AppendAsync([Event("b", 1), Event("a", 2)], []);

        var events = await reading;

        Assert.Equal(["a#1", "b#1", "a#2"], events.Select(Text));
    }

    [Fact]
    public async Task AppendAsync_DuplicateSequenceNr_ThrowsAndRollsBackEventsAndOffsets()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1)], [new ConsumerOffset("g", "t", 0, 10)]);

        var error = await Assert.ThrowsAsync<DuplicateSequenceNumberException>(async () =>
            await journal.AppendAsync([Event("b", 1), Event("a", 1)], [new ConsumerOffset("g", "t", 0, 12), new ConsumerOffset("g", "t", 1, 5)]));

        Assert.Equal("a", error.PersistenceId);
        Assert.Equal(1, error.SequenceNr);
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("b"));
        Assert.Equal(["a#1"], (await All(journal.CurrentAllEvents())).Select(Text));
        Assert.Equal([new ConsumerOffset("g", "t", 0, 10)], await journal.ReadOffsetsAsync("g"));
    }

    [Fact]
    public async Task AppendAsync_WithOffsets_StoresLatestOffsetPerPartitionAndGroup()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1)], [new ConsumerOffset("g", "t", 0, 1), new ConsumerOffset("g", "t", 1, 7), new ConsumerOffset("other", "t", 0, 99)]);
        await journal.AppendAsync([Event("a", 2)], [new ConsumerOffset("g", "t", 0, 2), new ConsumerOffset("g", "t", 0, 3)]);
        await journal.AppendAsync([], [new ConsumerOffset("g", "u", 4, 40)]);

        var offsets = await journal.ReadOffsetsAsync("g");

        Assert.Equal([new ConsumerOffset("g", "t", 0, 3), new ConsumerOffset("g", "t", 1, 7), new ConsumerOffset("g", "u", 4, 40)], offsets);
        Assert.Equal([new ConsumerOffset("other", "t", 0, 99)], await journal.ReadOffsetsAsync("other"));
        Assert.Empty(await journal.ReadOffsetsAsync("nobody"));
    }

    [Fact]
    public async Task SaveSnapshotAsync_ThenLoad_ReturnsLatestSnapshotOnly()
    {
        var journal = await OpenAsync();
        await journal.SaveSnapshotAsync("a", 5, [5]);
        await journal.SaveSnapshotAsync("a", 10, [10, 10]);
        await journal.SaveSnapshotAsync("a", 10, [11, 11, 11]);
        await journal.SaveSnapshotAsync("b", 3, [3]);

        var a = await journal.LoadSnapshotAsync("a");
        var b = await journal.LoadSnapshotAsync("b");

        Assert.NotNull(a);
        Assert.Equal(10, a.SequenceNr);
        Assert.Equal(new byte[] { 11, 11, 11 }, a.Payload);
        Assert.True(a.Created > 0);
        Assert.Equal(3, b!.SequenceNr);
        Assert.Null(await journal.LoadSnapshotAsync("nobody"));
    }

    [Fact]
    public async Task DeleteToAsync_HidesEventsButKeepsHighestSequenceNr()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1, "red"), Event("a", 2, "red"), Event("a", 3, "red"), Event("b", 1)], []);

        await journal.DeleteToAsync("a", 3);

        Assert.Empty(await All(journal.CurrentEventsByPersistenceId("a")));
        Assert.Empty(await All(journal.CurrentEventsByTag("red")));
        Assert.Equal(["b#1"], (await All(journal.CurrentAllEvents())).Select(Text));
        Assert.Equal(3, await journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task AllEvents_ConcurrentWriters_DeliversEveryEventOnceInOrderingOrder()
    {
        const int writers = 4, appendsPerWriter = 40, eventsPerAppend = 5;
        const int total = writers * appendsPerWriter * eventsPerAppend;
        var options = new JournalOptions { PollInterval = TimeSpan.FromMilliseconds(1), QueryPageSize = 16 };
        var journal = await OpenAsync(options);
        // Two instances on one store, as two nodes (or processes) would be: for SQLite the only way to write concurrently.
        IJournal[] instances = [journal, await OpenAsync(options)];
        var reading = Take(journal.AllEvents(), total);

        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var batch = Enumerable.Range(0, eventsPerAppend)
                    .Select(k => Event($"w{w}-{k}", i + 1))
                    .ToArray();
                await instances[w % 2].AppendAsync(batch, [new ConsumerOffset("g", "t", w, i)]);
            }
        })).ToArray();
        await Task.WhenAll(writing);
        var live = await reading;
        var replay = await All(journal.CurrentAllEvents());

        foreach (var events in new[] { live, replay })
        {
            Assert.Equal(total, events.Count);
            Assert.Equal(total, events.Select(Text).Distinct().Count());
            Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Ordering < p.Second.Ordering));
            // Per entity the journal order must be the write order.
            Assert.All(events.GroupBy(e => e.PersistenceId), g => Assert.Equal(Enumerable.Range(1, appendsPerWriter).Select(i => (long)i), g.Select(e => e.SequenceNr)));
        }

        Assert.Equal(live.Select(e => e.Ordering), replay.Select(e => e.Ordering));
        Assert.Equal(Enumerable.Range(0, writers).Select(w => new ConsumerOffset("g", "t", w, appendsPerWriter - 1)), await journal.ReadOffsetsAsync("g"));
    }

    [Fact]
    public async Task OpenStoreAsync_Twice_KeepsSchemaAndData()
    {
        var first = await OpenAsync();
        await first.AppendAsync([Event("a", 1)], [new ConsumerOffset("g", "t", 0, 1)]);
        await first.SaveSnapshotAsync("a", 1, [1]);

        var second = await OpenAsync();
        await second.AppendAsync([Event("a", 2)], []);

        Assert.Equal(["a#1", "a#2"], (await All(first.CurrentEventsByPersistenceId("a"))).Select(Text));
        Assert.Equal(["a#1", "a#2"], (await All(second.CurrentEventsByPersistenceId("a"))).Select(Text));
        Assert.Equal(1, (await second.LoadSnapshotAsync("a"))!.SequenceNr);
        Assert.Single(await second.ReadOffsetsAsync("g"));
    }

    [Fact]
    public async Task GroupCommitJournalWriter_ManyConcurrentWriters_StoresEveryEventWithItsOffsets()
    {
        var journal = await OpenAsync();
        var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 64, MaxDelay = TimeSpan.FromMilliseconds(5) });
        await using (writer)
        {
            var writes = Enumerable.Range(0, 200)
                .Select(i => writer.WriteAsync([Event("s" + (i % 10), (i / 10) + 1)], [new ConsumerOffset("g", "t", i % 10, i)]).AsTask())
                .ToArray();
            await Task.WhenAll(writes).WaitAsync(Patience);
        }

        var all = await All(journal.CurrentAllEvents());
        Assert.Equal(200, all.Count);
        Assert.Equal(200, writer.CommittedEvents);
        for (var s = 0; s < 10; s++) Assert.Equal(20, await journal.ReadHighestSequenceNrAsync("s" + s));
        Assert.Equal(10, (await journal.ReadOffsetsAsync("g")).Count);
    }
}
