using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

public sealed class JournalOffsetStoreTests : IDisposable
{
    private readonly JournalTestFolder _folder = new();

    [Fact]
    public async Task Load_OffsetStoredWithEvents_ReturnsIt()
    {
        await using var journal = await _folder.OpenAsync();
        await journal.AppendAsync(
            [new JournalWrite("s-1", 1, [1])],
            [new ConsumerOffset("g", "events", 3, 42), new ConsumerOffset("g", "events", 1, 7)]);
        var store = new JournalOffsetStore(journal);

        Assert.Equal(42, store.Load("g", "events", 3));
        Assert.Equal(7, store.Load("g", "events", 1));
    }

    [Fact]
    public async Task Load_NothingStoredForPartitionTopicOrGroup_ReturnsNull()
    {
        await using var journal = await _folder.OpenAsync();
        await journal.AppendAsync([], [new ConsumerOffset("g", "events", 0, 5)]);
        var store = new JournalOffsetStore(journal);

        Assert.Null(store.Load("g", "events", 1));
        Assert.Null(store.Load("g", "other", 0));
        Assert.Null(store.Load("h", "events", 0));
    }

    [Fact]
    public async Task Save_AnyOffset_LeavesTheJournalsOffset()
    {
        await using var journal = await _folder.OpenAsync();
        await journal.AppendAsync([], [new ConsumerOffset("g", "events", 0, 5)]);
        var store = new JournalOffsetStore(journal);

        store.Save("g", "events", 0, 99);

        Assert.Equal(5, store.Load("g", "events", 0));
    }

    public void Dispose() => _folder.Dispose();
}
