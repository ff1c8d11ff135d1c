namespace Phantom.Streams.Journal;

/// <summary>
/// The persisted event journal (our Akka.Persistence.Sql): append-only events per entity with a global ordering,
/// snapshots, and consumer offsets written atomically with the events they produced. Thread-safe; every member may be
/// called concurrently. Implementations: <see cref="SqliteJournal"/> and <see cref="PostgresJournal"/>, same behaviour.
/// </summary>
/// <remarks>
/// Ordering positions are exclusive cursors: a query "after" ordering <c>o</c> yields events with ordering &gt; o, so
/// 0 means from the start and the last delivered <see cref="JournalEvent.Ordering"/> resumes it. Queries yield events
/// in ordering order, each exactly once, never skipping one that commits later (see Journal/JOURNAL.md, "gaps").
/// </remarks>
public interface IJournal : IAsyncDisposable
{
    /// <summary>
    /// Appends <paramref name="events"/> and upserts <paramref name="offsets"/> in ONE transaction: either all are
    /// stored or none. Completes when durable. Throws <see cref="DuplicateSequenceNumberException"/> when an event's
    /// (persistence id, sequence number) is already stored, <see cref="JournalUnavailableException"/> when the database
    /// cannot be reached; in both cases nothing was stored.
    /// </summary>
    ValueTask AppendAsync(IReadOnlyList<JournalWrite> events, IReadOnlyList<ConsumerOffset> offsets, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="AppendAsync(IReadOnlyList{JournalWrite}, IReadOnlyList{ConsumerOffset}, CancellationToken)"/> with
    /// snapshots stored in the SAME transaction (each as <see cref="SaveSnapshotAsync"/> would: older ones of the entity
    /// dropped), so a snapshot is never durable ahead of the events it covers. The default implementation, for
    /// decorators and doubles, appends and then saves the snapshots one by one (not atomic); the SQL journals override it.
    /// </summary>
    async ValueTask AppendAsync(
        IReadOnlyList<JournalWrite> events,
        IReadOnlyList<ConsumerOffset> offsets,
        IReadOnlyList<SnapshotWrite> snapshots,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        await AppendAsync(events, offsets, cancellationToken).ConfigureAwait(false);
        foreach (var snapshot in snapshots)
        {
            await SaveSnapshotAsync(snapshot.PersistenceId, snapshot.SequenceNr, snapshot.Payload, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every stored offset of <paramref name="group"/>, any topic.</summary>
    ValueTask<IReadOnlyList<ConsumerOffset>> ReadOffsetsAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number ever appended for the entity (deleted events included), 0 if none.</summary>
    ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the entity's events up to and including <paramref name="toSequenceNr"/> deleted: queries no longer return
    /// them, and the highest sequence number is kept so numbering never restarts.
    /// </summary>
    ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);

    /// <summary>Stores a snapshot (replacing one at the same sequence number) and drops the entity's older snapshots.</summary>
    ValueTask SaveSnapshotAsync(string persistenceId, long sequenceNr, byte[] payload, CancellationToken cancellationToken = default);

    /// <summary>The entity's latest snapshot, or null.</summary>
    ValueTask<SnapshotRecord?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>The highest ordering committed so far (0 when empty): the end of a current all-events query started now.</summary>
    ValueTask<long> ReadHighestOrderingAsync(CancellationToken cancellationToken = default);

    /// <summary>The entity's stored events with <paramref name="fromSequenceNr"/> &lt;= sequence nr &lt;= <paramref name="toSequenceNr"/>, then ends.</summary>
    IAsyncEnumerable<JournalEvent> CurrentEventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="CurrentEventsByPersistenceId"/> but keeps polling for new events until <paramref name="toSequenceNr"/> is delivered or cancelled.</summary>
    IAsyncEnumerable<JournalEvent> EventsByPersistenceId(string persistenceId, long fromSequenceNr = 1, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Events carrying <paramref name="tag"/> with ordering &gt; <paramref name="afterOrdering"/>, up to the highest ordering at the start, then ends.</summary>
    IAsyncEnumerable<JournalEvent> CurrentEventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="CurrentEventsByTag"/> but keeps polling for new events until cancelled.</summary>
    IAsyncEnumerable<JournalEvent> EventsByTag(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default);

    /// <summary>All events with ordering &gt; <paramref name="afterOrdering"/>, up to the highest ordering at the start, then ends (replay).</summary>
    IAsyncEnumerable<JournalEvent> CurrentAllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default);

    /// <summary>Like <see cref="CurrentAllEvents"/> but keeps polling for new events until cancelled.</summary>
    IAsyncEnumerable<JournalEvent> AllEvents(long afterOrdering = 0, CancellationToken cancellationToken = default);
}
