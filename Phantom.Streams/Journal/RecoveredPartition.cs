namespace Phantom.Streams.Journal;

/// <summary>
/// What one bulk read of a partition's tag found in the journal: the keys of every journaled session and, unless the
/// read went over its byte budget, each session's journaled events, so the shard rebuilds a returning session from
/// memory instead of querying the journal on its own thread.
/// </summary>
public sealed class RecoveredPartition
{
    /// <param name="keys">The keys (<c>Utf8Hash</c> of the persistence id) of every session journaled under the tag.</param>
    /// <param name="histories">Each session's events in sequence order, by key; null when only the keys were kept.</param>
    public RecoveredPartition(HashSet<ulong> keys, Dictionary<ulong, List<JournalEvent>>? histories)
    {
        Keys = keys ?? throw new ArgumentNullException(nameof(keys));
        Histories = histories;
    }

    /// <summary>Sessions with journaled events; the shard removes a key once it rebuilt that session.</summary>
    public HashSet<ulong> Keys { get; }

    /// <summary>Journaled events by session key, or null: the partition's history was larger than the budget.</summary>
    public Dictionary<ulong, List<JournalEvent>>? Histories { get; }

    /// <summary>Events held in <see cref="Histories"/>.</summary>
    public long Events { get; init; }
}
