using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>A pass-through <see cref="IJournal"/> that counts the events recovery reads per entity and the snapshots it loads.</summary>
internal sealed class CountingJournal(IJournal inner) : IJournal
{
    private readonly Dictionary<string, int> _read = new(StringComparer.Ordinal);

    /// <summary>Events delivered by <see cref="CurrentEventsByPersistenceId"/>, all entities.</summary>
    public long EventsRead => _read.Values.Sum();

    public int SnapshotsLoaded { get; private set; }

    public int ReadOf(string persistenceId) => _read.GetValueOrDefault(persistenceId);

    public async IAsyncEnumerable<JournalEvent> CurrentEventsByPersistenceId(
        string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in inner.CurrentEventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken))
        {
            _read[persistenceId] = ReadOf(persistenceId) + 1;
            yield return e;
        }
    }

    public ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        SnapshotsLoaded++;
        return inner.LoadSnapshotAsync(persistenceId, cancellationToken);
    }

    public ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(events, offsets, cancellationToken);

    public ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(events, offsets, snapshots, cancellationToken);

    public ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default) => inner.ReadOffsetsAsync(group, cancellationToken);

    public ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    public ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default) =>
        inner.SaveSnapshotAsync(persistenceId, sequenceNr, payload, cancellationToken);

    public ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default) => inner.ReadHighestOrderingAsync(cancellationToken);

    public IAsyncEnumerable<JournalEvent> EventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        inner.EventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);

    public IAsyncEnumerable<JournalEvent> CurrentEventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        inner.CurrentEventsByTag(tag, afterOrdering, cancellationToken);

    public IAsyncEnumerable<JournalEvent> EventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        inner.EventsByTag(tag, afterOrdering, cancellationToken);

    public IAsyncEnumerable<JournalEvent> CurrentAllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        inner.CurrentAllEvents(afterOrdering, cancellationToken);

    public IAsyncEnumerable<JournalEvent> AllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        inner.AllEvents(afterOrdering, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
