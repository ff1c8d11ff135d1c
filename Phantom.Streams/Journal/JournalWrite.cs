namespace Phantom.Streams.Journal;

/// <summary>
/// One event to append: the <paramref name="SequenceNr"/>-th event of entity <paramref name="PersistenceId"/>.
/// The pair is unique in the journal; appending it twice fails with <see cref="DuplicateSequenceNumberException"/>,
/// which is how a double-applied event is caught. Tags must not contain <c>;</c> (the separator of the tags column).
/// </summary>
/// <param name="PersistenceId">The entity, e.g. a session id.</param>
/// <param name="SequenceNr">1-based, contiguous per entity.</param>
/// <param name="Payload">The serialized event; the journal keeps the array, so callers must not reuse it.</param>
/// <param name="Manifest">The payload's type or format, for the reader to pick a deserializer.</param>
/// <param name="Tags">Tags for <see cref="IJournal.EventsByTag"/>; null or empty for none.</param>
/// <param name="Writer">Who wrote it (node id), for diagnostics.</param>
public sealed record JournalWrite(
    string PersistenceId,
    long SequenceNr,
    byte[] Payload,
    string Manifest = "",
    IReadOnlyList<string>? Tags = null,
    string Writer = "");
