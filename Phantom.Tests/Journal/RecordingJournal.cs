using Phantom.Streams.Journal;

namespace Phantom.Tests.Journal;

/// <summary>
/// A journal double for <see cref="GroupCommitJournalWriter"/> tests: records each append's events, can hold appends
/// behind a gate, fail chosen ones, or report the database unavailable a number of times.
/// </summary>
internal sealed class RecordingJournal : IJournal
{
    private readonly object _sync = new();
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordingJournal(bool gated = false)
    {
        if (!gated) _gate.SetResult();
    }

    public List<int> BatchSizes { get; } = [];

    public List<JournalWrite> Stored { get; } = [];

    public List<ConsumerOffset> StoredOffsets { get; } = [];

    public int Attempts { get; private set; }

    /// <summary>Appends containing an event of this entity fail as duplicates.</summary>
    public string? RejectPersistenceId { get; set; }

    /// <summary>This many appends fail with <see cref="JournalUnavailableException"/> first.</summary>
    public int UnavailableTimes { get; set; }

    /// <summary>Completes when an append has reached the gate.</summary>
    public TaskCompletionSource AppendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default)
    {
        AppendStarted.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        lock (_sync)
        {
            Attempts++;
            if (UnavailableTimes > 0)
            {
                UnavailableTimes--;
                throw new JournalUnavailableException("down", new IOException("down"));
            }

            var bad = events.FirstOrDefault(e => e.PersistenceId == RejectPersistenceId);
            if (bad is not null) throw new DuplicateSequenceNumberException(bad.PersistenceId, bad.SequenceNr, new InvalidOperationException());
            BatchSizes.Add(events.Count);
            Stored.AddRange(events);
            StoredOffsets.AddRange(offsets);
        }
    }

    public ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEvent> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEvent> EventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEvent> CurrentEventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEvent> EventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEvent> CurrentAllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<JournalEvent> AllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
