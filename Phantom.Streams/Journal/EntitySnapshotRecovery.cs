using Phantom.Streams.Sessions;

namespace Phantom.Streams.Journal;

/// <summary>
/// The snapshot half of recovering a session: restores the entity's latest snapshot, if there is a usable one, and
/// says from which sequence number its events must still be replayed. A snapshot that cannot be used (another format
/// version, corrupt bytes, a sequence number that disagrees with its content) is reported as a warning and ignored,
/// and the caller replays the whole history: a bad snapshot costs time, never correctness.
/// </summary>
public static class EntitySnapshotRecovery
{
    /// <summary>
    /// Restores <paramref name="entity"/> (fresh, no event applied) from its latest snapshot in
    /// <paramref name="journal"/>; returns the first sequence number to replay: the snapshot's plus one, or 1 when no
    /// snapshot was used.
    /// </summary>
    /// <param name="warning">Told why a stored snapshot was ignored; null: silent.</param>
    public static async ValueTask<long> RestoreAsync(IJournal journal, SessionEntity entity, Action<string>? warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(entity);
        var snapshot = await journal.LoadSnapshotAsync(entity.SessionId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return 1;
        }

        if (!SessionSnapshot.TryRestore(entity, snapshot.Payload, out var reason))
        {
            warning?.Invoke($"snapshot of session {entity.SessionId} at #{snapshot.SequenceNr} ignored, replaying its whole journal: {reason}");
            return 1;
        }

        if (entity.Sequence != snapshot.SequenceNr)
        {
            warning?.Invoke(
                $"snapshot of session {entity.SessionId} stored at #{snapshot.SequenceNr} holds the state after #{entity.Sequence}; ignored, replaying its whole journal");
            entity.State = default;
            return 1;
        }

        return snapshot.SequenceNr + 1;
    }
}
