namespace Phantom.Streams.Journal;

/// <summary>
/// A snapshot to store in the same transaction as a batch of events
/// (<see cref="IJournal.AppendAsync(IReadOnlyList{JournalWrite}, IReadOnlyList{ConsumerOffset}, IReadOnlyList{SnapshotWrite}, CancellationToken)"/>):
/// the state of entity <paramref name="PersistenceId"/> right after its event <paramref name="SequenceNr"/>.
/// </summary>
/// <param name="Payload">The serialized state; the journal keeps the array, so callers must not reuse it.</param>
public sealed record SnapshotWrite(string PersistenceId, long SequenceNr, byte[] Payload);
