namespace Phantom.Streams.Journal;

/// <summary>An event read back from the journal.</summary>
/// <param name="Ordering">Global position, increasing in commit order; resume a query after it.</param>
/// <param name="Created">Append time, unix milliseconds.</param>
public sealed record JournalEvent(
    long Ordering,
    string PersistenceId,
    long SequenceNr,
    long Created,
    IReadOnlyList<string> Tags,
    string Manifest,
    byte[] Payload,
    string Writer);
