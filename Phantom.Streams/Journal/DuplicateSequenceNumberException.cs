namespace Phantom.Streams.Journal;

/// <summary>
/// An append carried a (persistence id, sequence number) that is already stored. The whole append was rolled back
/// (events and offsets); it means the event was applied before, so the caller must not apply it again.
/// </summary>
public sealed class DuplicateSequenceNumberException : Exception
{
    public DuplicateSequenceNumberException(string? persistenceId, long? sequenceNr, Exception inner)
        : base($"Journal already holds event {sequenceNr?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} of '{persistenceId ?? "?"}'; the append was rolled back.", inner)
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    /// <summary>The duplicated entity, when the database said which.</summary>
    public string? PersistenceId { get; }

    /// <summary>The duplicated sequence number, when the database said which.</summary>
    public long? SequenceNr { get; }
}
