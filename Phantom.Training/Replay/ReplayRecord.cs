namespace Phantom.Training.Replay;

/// <summary>
/// One stored record as a replay source hands it over: its position in the source's order, the time it was ingested
/// (what the live parse stage would have used for an event without <c>ts</c>) and the event's UTF-8 JSON bytes.
/// </summary>
/// <param name="Ordering">Position in the source (a journal ordering, a file line number); increasing.</param>
/// <param name="IngestTimeMs">Unix ms at which the record entered Phantom; the event time of events without <c>ts</c>.</param>
/// <param name="Payload">The event's bytes. Valid only until the source moves to the next record (buffers are reused).</param>
public readonly record struct ReplayRecord(long Ordering, long IngestTimeMs, ReadOnlyMemory<byte> Payload);
