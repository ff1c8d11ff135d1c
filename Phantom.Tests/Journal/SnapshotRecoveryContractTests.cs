using Phantom.Streams.Journal;
using Phantom.Streams.Sessions;
using Phantom.Tests.Sessions;

namespace Phantom.Tests.Journal;

/// <summary>
/// Snapshots in the journal and recovery from snapshot plus tail, on both databases (<see cref="SqliteSnapshotRecoveryTests"/>,
/// <see cref="PostgresSnapshotRecoveryTests"/>): atomic with the events, only the latest kept, recovered state
/// identical to the state before, only the tail read, unusable snapshots ignored with a warning.
/// </summary>
public abstract class SnapshotRecoveryContractTests : IAsyncLifetime
{
    private readonly List<IJournal> _opened = [];

    /// <summary>Where the recovery measurement writes its numbers (<c>dotnet test --logger "console;verbosity=detailed"</c>).</summary>
    protected abstract Xunit.Abstractions.ITestOutputHelper Output { get; }

    /// <summary>Opens this test's (fresh) store.</summary>
    protected abstract Task<IJournal> OpenStoreAsync();

    public abstract Task InitializeAsync();

    protected abstract Task DeleteStoreAsync();

    public async Task DisposeAsync()
    {
        foreach (var journal in _opened) await journal.DisposeAsync();
        await DeleteStoreAsync();
    }

    [Fact]
    public async Task AppendAsync_WithSnapshots_StoresThemAndKeepsOnlyTheLatest()
    {
        var journal = await OpenAsync();

        await journal.AppendAsync([Event("a", 1), Event("a", 2)], [], [new SnapshotWrite("a", 2, [1, 2])]);
        await journal.AppendAsync([Event("a", 3), Event("a", 4)], [], [new SnapshotWrite("a", 4, [4])]);

        var latest = await journal.LoadSnapshotAsync("a");
        Assert.NotNull(latest);
        Assert.Equal(4, latest.SequenceNr);
        Assert.Equal([4], latest.Payload);
        Assert.Equal(4, await journal.ReadHighestSequenceNrAsync("a"));
    }

    [Fact]
    public async Task AppendAsync_SeveralSnapshotsOfOneEntityInOneAppend_LatestWins()
    {
        var journal = await OpenAsync();

        await journal.AppendAsync(
            [Event("a", 1), Event("a", 2), Event("a", 3), Event("b", 1)],
            [],
            [new SnapshotWrite("a", 1, [1]), new SnapshotWrite("a", 3, [3]), new SnapshotWrite("b", 1, [9])]);

        Assert.Equal(3, (await journal.LoadSnapshotAsync("a"))!.SequenceNr);
        Assert.Equal([9], (await journal.LoadSnapshotAsync("b"))!.Payload);
    }

    [Fact]
    public async Task AppendAsync_DuplicateEvent_StoresNeitherEventsNorSnapshot()
    {
        var journal = await OpenAsync();
        await journal.AppendAsync([Event("a", 1), Event("a", 2)], [], [new SnapshotWrite("a", 2, [2])]);

        await Assert.ThrowsAsync<DuplicateSequenceNumberException>(async () =>
            await journal.AppendAsync([Event("b", 1), Event("a", 2), Event("a", 3)], [], [new SnapshotWrite("a", 3, [3]), new SnapshotWrite("b", 1, [1])]));

        Assert.Equal(2, (await journal.LoadSnapshotAsync("a"))!.SequenceNr);
        Assert.Null(await journal.LoadSnapshotAsync("b"));
        Assert.Equal(0, await journal.ReadHighestSequenceNrAsync("b"));
    }

    [Fact]
    public async Task GroupCommit_RequestsWithSnapshots_CommitThemWithTheirEvents()
    {
        var journal = await OpenAsync();
        var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 100, MaxDelay = TimeSpan.FromMilliseconds(5) });
        await using (writer)
        {
            var first = await writer.EnqueueAsync([Event("a", 1), Event("a", 2)], [], [new SnapshotWrite("a", 2, [2])], callback: null, token: 0);
            var second = await writer.EnqueueAsync([Event("b", 1)], [], [], callback: null, token: 0);
            await Task.WhenAll(first, second);
        }

        Assert.Equal(2, (await journal.LoadSnapshotAsync("a"))!.SequenceNr);
        Assert.Null(await journal.LoadSnapshotAsync("b"));
    }

    [Fact]
    public async Task TryRecover_SnapshotEveryK_StateIdenticalAndOnlyTheTailRead()
    {
        const int every = 7;
        var journal = await OpenAsync();
        var sessions = await SnapshotSessions.WriteAsync(journal, sessions: 12, events: 600, snapshotEvery: every);
        var counting = new CountingJournal(journal);
        var recovery = sessions.Recovery(counting);

        foreach (var (id, reference) in sessions.Reference)
        {
            var recovered = sessions.Recover(recovery, id);

            DeepStateComparer.AssertIdentical(reference.State, recovered.State);
            Assert.Equal(reference.Snapshot(), recovered.Snapshot());
            // Only the events after the latest multiple of K were read.
            Assert.Equal(reference.Sequence % every, counting.ReadOf(id));
        }

        Assert.Equal(sessions.Reference.Count, counting.SnapshotsLoaded);
        Assert.Equal(sessions.Reference.Count(s => s.Value.Sequence >= every), recovery.FromSnapshot);
        Assert.True(counting.EventsRead < sessions.Events / every, $"{counting.EventsRead} events read of {sessions.Events}");
    }

    [Fact]
    public async Task TryRecover_WithoutSnapshots_ReplaysEverything()
    {
        var journal = await OpenAsync();
        var sessions = await SnapshotSessions.WriteAsync(journal, sessions: 5, events: 200, snapshotEvery: 0);
        var counting = new CountingJournal(journal);
        var recovery = sessions.Recovery(counting);

        foreach (var (id, reference) in sessions.Reference)
        {
            DeepStateComparer.AssertIdentical(reference.State, sessions.Recover(recovery, id).State);
        }

        Assert.Equal(sessions.Events, counting.EventsRead);
        Assert.Equal(0, recovery.FromSnapshot);
    }

    [Fact]
    public async Task TryRecover_CorruptOrOlderVersionSnapshot_WarnsAndReplaysTheWholeJournal()
    {
        var journal = await OpenAsync();
        var sessions = await SnapshotSessions.WriteAsync(journal, sessions: 3, events: 150, snapshotEvery: 10);
        var ids = sessions.Reference.Keys.Order(StringComparer.Ordinal).ToList();
        var corrupt = (await journal.LoadSnapshotAsync(ids[0]))!;
        corrupt.Payload[corrupt.Payload.Length / 2] ^= 0xFF;
        await journal.SaveSnapshotAsync(ids[0], corrupt.SequenceNr, corrupt.Payload);
        var older = (await journal.LoadSnapshotAsync(ids[1]))!;
        older.Payload[0] = SessionSnapshot.Version - 1;
        await journal.SaveSnapshotAsync(ids[1], older.SequenceNr, older.Payload);
        // A payload stored under the wrong sequence number (content says otherwise) is not trusted either.
        var misplaced = (await journal.LoadSnapshotAsync(ids[2]))!;
        await journal.SaveSnapshotAsync(ids[2], misplaced.SequenceNr + 1, misplaced.Payload);
        var counting = new CountingJournal(journal);
        var warnings = new List<string>();
        var recovery = sessions.Recovery(counting, warnings);

        foreach (var id in ids)
        {
            DeepStateComparer.AssertIdentical(sessions.Reference[id].State, sessions.Recover(recovery, id).State);
            Assert.Equal(sessions.Reference[id].Sequence, counting.ReadOf(id));
        }

        Assert.Equal(3, warnings.Count);
        Assert.Contains("checksum", warnings[0]);
        Assert.Contains("version", warnings[1]);
        Assert.Contains("holds the state after", warnings[2]);
        Assert.All(warnings, w => Assert.Contains("replaying its whole journal", w));
        Assert.Equal(0, recovery.FromSnapshot);
    }

    /// <summary>
    /// The measurement behind docs/benchmarks.md ("snapshot recovery"): 100 sessions of 500 events each, recovered
    /// one after another as the shard does, with a snapshot every 100 events and without snapshots (best of two runs
    /// each, after a warm-up). Prints the times;
    /// asserts only what must hold (the states and the events read), never a time.
    /// </summary>
    [Fact]
    public async Task Recovery_LongHistories_WithSnapshotsReadsOnlyTails()
    {
        const int sessions = 100;
        const int events = sessions * 500;
        var journal = await OpenAsync();
        var with = await SnapshotSessions.WriteAsync(journal, sessions, events, snapshotEvery: 100, seed: 21);
        var without = await SnapshotSessions.WriteAsync(journal, sessions, events, snapshotEvery: 0, seed: 22);
        Assert.Empty(with.Reference.Keys.Intersect(without.Reference.Keys));

        // Warm-up (connections, JIT, the database's caches) outside the timing, then both measured twice, alternating.
        await MeasureAsync(journal, with, limit: 5);
        await MeasureAsync(journal, without, limit: 5);
        var (withTime, withRead) = await MeasureAsync(journal, with);
        var (withoutTime, withoutRead) = await MeasureAsync(journal, without);
        var (withAgain, _) = await MeasureAsync(journal, with);
        var (withoutAgain, _) = await MeasureAsync(journal, without);
        withTime = withTime < withAgain ? withTime : withAgain;
        withoutTime = withoutTime < withoutAgain ? withoutTime : withoutAgain;

        Assert.Equal(without.Events, withoutRead);
        Assert.Equal(with.Reference.Values.Sum(s => s.Sequence % 100), withRead);
        Output.WriteLine(
            $"{GetType().Name}: {sessions} sessions, {events} events: with snapshots (every 100) {withTime.TotalMilliseconds:0} ms, {withRead} events read; " +
            $"full replay {withoutTime.TotalMilliseconds:0} ms, {withoutRead} events read; {withoutTime / withTime:0.0}x");
    }

    private static async Task<(TimeSpan Time, long Read)> MeasureAsync(IJournal journal, SnapshotSessions sessions, int limit = int.MaxValue)
    {
        var counting = new CountingJournal(journal);
        var recovery = sessions.Recovery(counting);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var id in sessions.Reference.Keys.Take(limit))
        {
            sessions.Recover(recovery, id);
        }

        var time = clock.Elapsed;
        foreach (var (id, reference) in sessions.Reference.Take(limit))
        {
            // Recovered again, outside the timing, to check the timed recovery was a correct one.
            Assert.Equal(reference.Snapshot(), sessions.Recover(sessions.Recovery(journal), id).Snapshot());
        }

        return (time, counting.EventsRead);
    }

    private static JournalWrite Event(string pid, long seq) => new(pid, seq, [(byte)seq], Tags: ["p0"]);

    private async Task<IJournal> OpenAsync()
    {
        var journal = await OpenStoreAsync();
        _opened.Add(journal);
        return journal;
    }
}
