using Phantom.Streams.Codec;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Journal;

/// <summary>
/// One shard's <see cref="ISessionRecovery"/> over the journal: the keys of sessions journaled but not in memory, and
/// the replay of one session's events (re-parsed from the stored records) into a fresh entity. The events come from
/// the partition's bulk read (<see cref="RecoveredPartition.Histories"/>, no I/O on the shard's thread) when it has
/// them, else from one journal query per session (a session passivated here since, or a partition over the budget).
/// </summary>
/// <remarks>
/// <see cref="Assign"/> runs off the shard's thread (the recovery's background load, or the consumer thread) while the
/// shard holds no record of its partition (the source writes none until the load is published); it publishes a new
/// state and never touches it again, so the shard thread owns every state it reads.
/// </remarks>
public sealed class JournalShardRecovery : ISessionRecovery
{
    private readonly IJournal _journal;
    private readonly InteractionEventParser _parser;
    private RecoveredPartition? _pending;
    private int _reset;

    /// <param name="journal">The node's journal.</param>
    /// <param name="parser">Parses the journaled records (the shard's own parser settings).</param>
    public JournalShardRecovery(IJournal journal, InteractionEventParser parser)
    {
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _parser = parser ?? throw new ArgumentNullException(nameof(parser));
    }

    /// <summary>The shard's journal stage, whose open commits a rebuild waits for; null when none is attached.</summary>
    public JournalStage? Journaling { get; set; }

    /// <summary>Sessions this shard rebuilt from the journal.</summary>
    public long Recovered { get; private set; }

    /// <summary>Sessions whose recovery started from a snapshot (only the events after it were replayed).</summary>
    public long FromSnapshot { get; private set; }

    /// <summary>Told why a stored snapshot was ignored (the session is then replayed from its first event); null: silent.</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>Events re-applied while recovering.</summary>
    public long Replayed { get; private set; }

    /// <summary>Sessions rebuilt from the partition's bulk read, without a journal query of their own.</summary>
    public long RecoveredFromMemory { get; private set; }

    /// <summary>The sessions with journaled events, as of the partition's assignment; the shard drops its entities.</summary>
    public void Assign(HashSet<ulong> keys) => Assign(new RecoveredPartition(keys, histories: null));

    /// <summary>The partition's bulk read, as of its assignment; the shard drops its entities.</summary>
    public void Assign(RecoveredPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        Volatile.Write(ref _pending, partition);
        Volatile.Write(ref _reset, 1);
    }

    /// <inheritdoc />
    public bool TakeReset() => Volatile.Read(ref _reset) != 0 && Interlocked.Exchange(ref _reset, 0) != 0;

    /// <inheritdoc />
    public bool TryRecover(SessionEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var pending = Volatile.Read(ref _pending);
        if (pending is null || !pending.Keys.Remove(entity.Key))
        {
            return false;
        }

        if (pending.Histories is { } histories && histories.Remove(entity.Key, out var history)
            && string.Equals(history[0].PersistenceId, entity.SessionId, StringComparison.Ordinal))
        {
            // Read with the partition at assignment: complete, since nothing of the partition was journaled since.
            foreach (var stored in history)
            {
                Replay(entity, stored);
            }

            RecoveredFromMemory++;
        }
        else
        {
            // Pipelined journal writes: the session's last events may still be on their way to the database.
            Journaling?.Flush();
            ReplayAsync(entity).GetAwaiter().GetResult();
        }

        Recovered++;
        return true;
    }

    /// <inheritdoc />
    public void Passivated(SessionEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (Volatile.Read(ref _pending) is { } pending)
        {
            // Its events since the bulk read are only in the journal: the next rebuild must query it.
            pending.Histories?.Remove(entity.Key);
            pending.Keys.Add(entity.Key);
        }
    }

    private async Task ReplayAsync(SessionEntity entity)
    {
        var from = await EntitySnapshotRecovery.RestoreAsync(_journal, entity, Warning).ConfigureAwait(false);
        if (from > 1)
        {
            FromSnapshot++;
        }

        await foreach (var stored in _journal.CurrentEventsByPersistenceId(entity.SessionId, from).ConfigureAwait(false))
        {
            Replay(entity, stored);
        }
    }

    private void Replay(SessionEntity entity, JournalEvent stored)
    {
        if (!_parser.TryParse(stored.Payload, stored.Created, out var e, out var reason))
        {
            throw new InvalidDataException(
                $"journal event {stored.PersistenceId}#{stored.SequenceNr} no longer parses ({reason}); the session cannot be recovered");
        }

        entity.Apply(in e);
        Replayed++;
    }
}
