namespace Phantom.Streams.Journal;

/// <summary>Snapshot every K events per entity (<see cref="JournalOptions.SnapshotEvery"/>); 0 or less disables snapshots.</summary>
public sealed class SnapshotPolicy
{
    public SnapshotPolicy(int every) => Every = every;

    /// <summary>K: events between snapshots of one entity.</summary>
    public int Every { get; }

    /// <summary>True when the entity should be snapshotted right after applying event <paramref name="sequenceNr"/>.</summary>
    public bool ShouldSnapshot(long sequenceNr) => Every > 0 && sequenceNr > 0 && sequenceNr % Every == 0;
}
