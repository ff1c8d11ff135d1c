namespace Phantom.Streams.Sessions;

/// <summary>
/// One shard's source of persisted session history (the journal in node mode), consulted by <see cref="SessionTable"/>
/// only on a miss, so the hot path of known sessions never touches it. All calls come from the shard's thread.
/// </summary>
public interface ISessionRecovery
{
    /// <summary>
    /// True once after the shard's partition was (re)assigned: the entities in memory may be stale (another node
    /// advanced them meanwhile), so the table drops them and rebuilds each from the journal on its next event.
    /// </summary>
    bool TakeReset();

    /// <summary>
    /// Rebuilds a freshly created <paramref name="entity"/> from its persisted events when it has any this shard does
    /// not hold in memory; false (entity untouched) for a session never seen. Blocks the shard once per recovered session.
    /// </summary>
    bool TryRecover(SessionEntity entity);

    /// <summary>The table passivated <paramref name="entity"/>: its history is persisted, so a later event recovers it.</summary>
    void Passivated(SessionEntity entity);
}
