using Phantom.Streams.Journal;

namespace Phantom.Training.Replay;

/// <summary>
/// Replays the persisted journal: every event after a global ordering, or only those with a tag, in ordering order
/// (the journal's all-events query is safe against gaps from concurrent writers). The ordering becomes the record's
/// position and the event's write time its ingest time.
/// </summary>
public sealed class JournalReplaySource(IJournal journal, long afterOrdering = 0, string? tag = null) : IReplaySource
{
    public string Name => tag is null
        ? $"journal, orderings after {afterOrdering}"
        : $"journal, tag '{tag}', orderings after {afterOrdering}";

    public IEnumerable<ReplayRecord> Read(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var events = tag is null
            ? journal.CurrentAllEvents(afterOrdering, cancellationToken)
            : journal.CurrentEventsByTag(tag, afterOrdering, cancellationToken);

        // Replay is synchronous by design (one pass, CPU-bound); the journal pages ahead on its own.
        foreach (var e in events.ToBlockingEnumerable(cancellationToken))
        {
            yield return new ReplayRecord(e.Ordering, e.Created, e.Payload);
        }
    }
}
