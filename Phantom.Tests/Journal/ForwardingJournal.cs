using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>
/// An <see cref="IJournal"/> that hands every call to an inner journal: test decorators derive from it and override
/// only the calls they watch or slow down.
/// </summary>
internal abstract class ForwardingJournal(IJournal inner) : IJournal
{
    protected IJournal Inner { get; } = inner;

    public virtual ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default) =>
        Inner.AppendAsync(events, offsets, cancellationToken);

    public virtual ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, IReadOnlyList<SnapshotWrite> snapshots, CancellationToken cancellationToken = default) =>
        Inner.AppendAsync(events, offsets, snapshots, cancellationToken);

    public virtual ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default) =>
        Inner.ReadOffsetsAsync(group, cancellationToken);

    public virtual ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        Inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public virtual ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        Inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    public virtual ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default) =>
        Inner.SaveSnapshotAsync(persistenceId, sequenceNr, payload, cancellationToken);

    public virtual ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        Inner.LoadSnapshotAsync(persistenceId, cancellationToken);

    public virtual ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default) =>
        Inner.ReadHighestOrderingAsync(cancellationToken);

    public virtual IAsyncEnumerable<JournalEvent> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        Inner.CurrentEventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);

    public virtual IAsyncEnumerable<JournalEvent> EventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        Inner.EventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);

    public virtual IAsyncEnumerable<JournalEvent> CurrentEventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        Inner.CurrentEventsByTag(tag, afterOrdering, cancellationToken);

    public virtual IAsyncEnumerable<JournalEvent> EventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        Inner.EventsByTag(tag, afterOrdering, cancellationToken);

    public virtual IAsyncEnumerable<JournalEvent> CurrentAllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        Inner.CurrentAllEvents(afterOrdering, cancellationToken);

    public virtual IAsyncEnumerable<JournalEvent> AllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        Inner.AllEvents(afterOrdering, cancellationToken);

    public virtual ValueTask DisposeAsync() => Inner.DisposeAsync();
}
