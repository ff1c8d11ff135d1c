namespace Phantom.Streams.Journal;

/// <summary>An entity's state as of <paramref name="SequenceNr"/>; recovery loads it, then replays events after it.</summary>
/// <param name="Created">Save time, unix milliseconds (set by the journal on save).</param>
public sealed record SnapshotRecord(string PersistenceId, long SequenceNr, long Created, byte[] Payload);
