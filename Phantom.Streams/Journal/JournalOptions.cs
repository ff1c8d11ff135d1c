namespace Phantom.Streams.Journal;

/// <summary><c>phantom.journal</c>: where the journal lives and how it batches.</summary>
public sealed class JournalOptions
{
    /// <summary>
    /// A SQLite file path (the embedded default) or a PostgreSQL connection string (<c>Host=...;Database=...</c> or
    /// <c>postgres://...</c>); see <see cref="JournalFactory"/>. Empty (the default): a node runs without a journal.
    /// </summary>
    public string Connection { get; set; } = "";

    /// <summary>
    /// Group commit: at most this many events per transaction. Large on purpose: each transaction rewrites every
    /// index page it touches, so on SQLite 10,000-event transactions append about 1.6x faster than 2,000-event ones.
    /// </summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Group commit: a transaction waits at most this long after its first event for more to join it.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Group commit: write requests queued before callers wait (backpressure); never dropped.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Per shard, batches whose group commit may still be open while the shard goes on with the next ones; one more and
    /// the shard waits for the oldest (backpressure). 0: each batch waits for its own commit. Kafka offsets and price
    /// flushes only ever cover durable batches either way.
    /// </summary>
    public int MaxInFlightBatches { get; set; } = 4;

    /// <summary>
    /// Snapshot every K events per entity, in the same transaction as the K-th event (never ahead of it); recovery loads
    /// the latest and replays only the events after it. 0 disables.
    /// </summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>Live queries look for new events this often once they have caught up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows fetched per query round trip.</summary>
    public int QueryPageSize { get; set; } = 4096;

    /// <summary>Group commit: first wait before retrying an append the database was unavailable for; doubles up to 5 s.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(100);
}
