using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

public class GroupCommitJournalWriterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static JournalWrite Event(string pid, long seq) => new(pid, seq, [1, 2, 3]);

    [Fact]
    public async Task WriteAsync_MoreEventsQueuedThanBatchSize_CommitsFullBatchesOfBatchSize()
    {
        var journal = new RecordingJournal();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 10, MaxDelay = TimeSpan.FromHours(1) });

        var writes = Enumerable.Range(1, 20).Select(i => writer.WriteAsync(Event("a", i)).AsTask()).ToArray();
        await Task.WhenAll(writes).WaitAsync(Patience);

        Assert.Equal([10, 10], journal.BatchSizes);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), journal.Stored.Select(e => e.SequenceNr));
        Assert.Equal(2, writer.CommittedBatches);
    }

    [Fact]
    public async Task WriteAsync_FewerEventsThanBatchSize_CommitsAfterMaxDelay()
    {
        var journal = new RecordingJournal();
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 1000, MaxDelay = TimeSpan.FromMilliseconds(20) });

        await Task.WhenAll(Enumerable.Range(1, 3).Select(i => writer.WriteAsync(Event("a", i)).AsTask())).WaitAsync(Patience);

        Assert.Equal(3, journal.Stored.Count);
        Assert.All(journal.BatchSizes, size => Assert.True(size < 1000));
    }

    [Fact]
    public async Task EnqueueAsync_QueueFull_WaitsUntilTheJournalCatchesUp()
    {
        var journal = new RecordingJournal(gated: true);
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 1, MaxDelay = TimeSpan.Zero, QueueCapacity = 2 });

        var first = await writer.EnqueueAsync([Event("a", 1)], []);
        await journal.AppendStarted.Task.WaitAsync(Patience);
        var second = await writer.EnqueueAsync([Event("a", 2)], []);
        var third = await writer.EnqueueAsync([Event("a", 3)], []);
        var fourth = writer.EnqueueAsync([Event("a", 4)], []).AsTask();
        await Task.Delay(200);

        Assert.False(fourth.IsCompleted);
        Assert.Equal(2, writer.QueuedRequests);
        Assert.False(first.IsCompleted);

        journal.Open();
        var durable = await fourth.WaitAsync(Patience);
        await Task.WhenAll(first, second, third, durable).WaitAsync(Patience);
        Assert.Equal([1L, 2L, 3L, 4L], journal.Stored.Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task WriteAsync_OneRequestInBatchRejected_OnlyThatRequestFails()
    {
        var journal = new RecordingJournal(gated: true) { RejectPersistenceId = "bad" };
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 100, MaxDelay = TimeSpan.FromMilliseconds(50) });

        var blocker = writer.WriteAsync(Event("first", 1)).AsTask();
        await journal.AppendStarted.Task.WaitAsync(Patience);
        var good1 = writer.WriteAsync([Event("g1", 1)], [new ConsumerOffset("g", "t", 0, 1)]).AsTask();
        var bad = writer.WriteAsync([Event("bad", 1)], [new ConsumerOffset("g", "t", 0, 2)]).AsTask();
        var good2 = writer.WriteAsync([Event("g2", 1)], [new ConsumerOffset("g", "t", 1, 3)]).AsTask();
        journal.Open();

        await Task.WhenAll(blocker, good1, good2).WaitAsync(Patience);
        await Assert.ThrowsAsync<DuplicateSequenceNumberException>(() => bad.WaitAsync(Patience));
        Assert.Equal(["first", "g1", "g2"], journal.Stored.Select(e => e.PersistenceId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(new ConsumerOffset("g", "t", 0, 2), journal.StoredOffsets);
    }

    [Fact]
    public async Task WriteAsync_JournalUnavailable_RetriesUntilItIsBack()
    {
        var journal = new RecordingJournal { UnavailableTimes = 3 };
        await using var writer = new GroupCommitJournalWriter(journal, new JournalOptions { RetryBackoff = TimeSpan.FromMilliseconds(5) });

        await writer.WriteAsync([Event("a", 1)], [new ConsumerOffset("g", "t", 0, 1)]).AsTask().WaitAsync(Patience);

        Assert.Equal(4, journal.Attempts);
        Assert.Single(journal.Stored);
        Assert.Single(journal.StoredOffsets);
    }

    [Fact]
    public async Task DisposeAsync_WithQueuedRequests_CommitsThemBeforeStopping()
    {
        var journal = new RecordingJournal(gated: true);
        var writer = new GroupCommitJournalWriter(journal, new JournalOptions { BatchSize = 2, MaxDelay = TimeSpan.Zero });
        var durable = new List<Task>();
        for (var i = 1; i <= 5; i++) durable.Add(await writer.EnqueueAsync([Event("a", i)], []));

        var disposing = writer.DisposeAsync().AsTask();
        journal.Open();
        await disposing.WaitAsync(Patience);

        Assert.All(durable, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(5, journal.Stored.Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.EnqueueAsync([Event("a", 6)], []));
    }
}
