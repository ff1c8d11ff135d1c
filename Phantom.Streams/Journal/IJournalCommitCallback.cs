namespace Phantom.Streams.Journal;

/// <summary>
/// Told by <see cref="GroupCommitJournalWriter"/>, on its loop and in commit order, how each request it was given with
/// <see cref="GroupCommitJournalWriter.EnqueueAsync(IReadOnlyList{JournalWrite}, IReadOnlyList{ConsumerOffset}, IJournalCommitCallback?, long, CancellationToken)"/>
/// ended. Implementations must be quick and must not block: they run inside the group commit.
/// </summary>
public interface IJournalCommitCallback
{
    /// <summary>The request with <paramref name="token"/> is durable (its events and offsets are committed).</summary>
    void Durable(long token);

    /// <summary>The request with <paramref name="token"/> failed for good and was not stored.</summary>
    void Failed(long token, Exception error);
}
