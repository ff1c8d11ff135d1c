using System.Runtime.CompilerServices;
using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>
/// A journal decorator whose reads of one tag wait until the test opens them (a partition whose recovery is slow);
/// everything else goes straight to the inner journal.
/// </summary>
internal sealed class SlowTagJournal(IJournal inner, string slowTag) : IJournal
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a read of the slow tag has started (and is waiting).</summary>
    public TaskCompletionSource SlowReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the slow tag's reads go on.</summary>
    public void Open() => _open.TrySetResult();

    public ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(events, offsets, cancellationToken);

    public ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default) =>
        inner.ReadOffsetsAsync(group, cancellationToken);

    public ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    public ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default) =>
        inner.SaveSnapshotAsync(persistenceId, sequenceNr, payload, cancellationToken);

    public ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        inner.LoadSnapshotAsync(persistenceId, cancellationToken);

    public ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default) =>
        inner.ReadHighestOrderingAsync(cancellationToken);

    public IAsyncEnumerable<JournalEvent> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        inner.CurrentEventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);

    public IAsyncEnumerable<JournalEvent> EventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        inner.EventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, cancellationToken);

    public async IAsyncEnumerable<JournalEvent> CurrentEventsByTag(string tag, long afterOrdering = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (tag == slowTag)
        {
            SlowReadStarted.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
        }

        await foreach (var e in inner.CurrentEventsByTag(tag, afterOrdering, cancellationToken))
        {
            yield return e;
        }
    }

    public IAsyncEnumerable<JournalEvent> EventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        inner.EventsByTag(tag, afterOrdering, cancellationToken);

    public IAsyncEnumerable<JournalEvent> CurrentAllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        inner.CurrentAllEvents(afterOrdering, cancellationToken);

    public IAsyncEnumerable<JournalEvent> AllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        inner.AllEvents(afterOrdering, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
