using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Kafka;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Journal;

/// <summary>
/// Recovery of session entities from the journal. When a shard's partition is assigned, <see cref="BeginLoad"/> reads
/// the partition's whole journaled history in the background with one query (events by the shard's tag
/// <c>p{shard}</c>): the keys of every session and, within <see cref="HistoryBudgetBytes"/>, their events. Once that is
/// published (<see cref="IsReady"/>, the gate <see cref="KafkaSource"/> waits on for that partition only), a session
/// the shard misses is rebuilt from memory before it applies a new one (see <see cref="JournalShardRecovery"/>). Known
/// sessions never reach this class, and unknown ones cost one set lookup.
/// </summary>
/// <remarks>
/// The set holds all the shard's journaled sessions, not only recent ones: recovering a long-idle session is rare, and a
/// missed one would restart its sequence at 1 and collide with its journaled events. Nothing here runs on the consumer
/// thread or a shard thread except <see cref="IsReady"/> (a flag read) and <see cref="BeginLoad"/> (starts tasks), so a
/// partition that recovers slowly delays only its own records.
/// </remarks>
public sealed class JournalSessionRecovery : ISessionRecoveryProvider, IPartitionRecoveryGate
{
    /// <summary>The default of <see cref="HistoryBudgetBytes"/>: 32 MiB of journaled payload per partition.</summary>
    public const long DefaultHistoryBudgetBytes = 32L * 1024 * 1024;

    private static readonly TimeSpan MaxRetryBackoff = TimeSpan.FromSeconds(5);

    private readonly IJournal _journal;
    private readonly JournalShardRecovery?[] _shards;
    private readonly JournalStage?[] _stages;
    private readonly Lock _gate = new();
    private readonly long[] _generation;
    private readonly bool[] _ready;
    private readonly Exception?[] _failure;
    private readonly Task?[] _loads;
    private long _loadedEvents;
    private long _loadRetries;

    /// <param name="journal">The node's journal.</param>
    /// <param name="partitions">The pipeline's shard count.</param>
    /// <param name="historyBudgetBytes">Journaled payload bytes one partition's load keeps in memory (see <see cref="HistoryBudgetBytes"/>).</param>
    public JournalSessionRecovery(IJournal journal, int partitions, long historyBudgetBytes = DefaultHistoryBudgetBytes)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(historyBudgetBytes);
        _journal = journal;
        HistoryBudgetBytes = historyBudgetBytes;
        _shards = new JournalShardRecovery?[partitions];
        _stages = new JournalStage?[partitions];
        _generation = new long[partitions];
        _ready = new bool[partitions];
        _failure = new Exception?[partitions];
        _loads = new Task?[partitions];
    }

    /// <summary>
    /// Payload bytes of one partition's history kept in memory by its load. A partition with more keeps only the keys,
    /// and each of its returning sessions is replayed with its own journal query on the shard's thread (the old way):
    /// memory stays bounded whatever the journal holds.
    /// </summary>
    public long HistoryBudgetBytes { get; }

    /// <summary>Sessions rebuilt from the journal, all shards.</summary>
    public long Recovered => _shards.Sum(shard => shard?.Recovered ?? 0);

    /// <summary>Sessions rebuilt from a partition's bulk read, without a query of their own, all shards.</summary>
    public long RecoveredFromMemory => _shards.Sum(shard => shard?.RecoveredFromMemory ?? 0);

    /// <summary>Journaled events read by partition loads so far.</summary>
    public long LoadedEvents => Interlocked.Read(ref _loadedEvents);

    /// <summary>Partition loads retried because the journal was unavailable.</summary>
    public long LoadRetries => Interlocked.Read(ref _loadRetries);

    /// <summary>Told why a stored snapshot was ignored (that session is replayed in full); set before the shards start.</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>Sessions whose recovery started from a snapshot, all shards.</summary>
    public long RecoveredFromSnapshot => _shards.Sum(shard => shard?.FromSnapshot ?? 0);

    /// <inheritdoc />
    public ISessionRecovery ForShard(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var recovery = new JournalShardRecovery(_journal, new Codec.InteractionEventParser(shard.Services.Options.Codec, shard.Services.Catalog))
        {
            Warning = Warning,
        };
        if (_stages[shard.Shard] is { } stage)
        {
            recovery.Journaling = stage;
        }

        _shards[shard.Shard] = recovery;
        return recovery;
    }

    /// <summary>
    /// The shard's <c>journal</c> stage (see <see cref="JournalStage.Configure"/>): before rebuilding a session with its
    /// own query the shard's recovery waits for that stage's open commits, so a session passivated a moment ago is
    /// rebuilt with its latest journaled events, not without them.
    /// </summary>
    public void Attach(int shard, JournalStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        if ((uint)shard >= (uint)_stages.Length)
        {
            return;
        }

        _stages[shard] = stage;
        if (_shards[shard] is { } recovery)
        {
            recovery.Journaling = stage;
        }
    }

    /// <summary>
    /// Starts reading <paramref name="partitions"/>' journaled sessions in the background and returns at once; each
    /// partition becomes <see cref="IsReady"/> when its shard has the result (and was told to drop what it holds in
    /// memory, which may be stale after a rebalance). Call before any record of the partitions is written: from the
    /// source's assignment callback. A partition assigned again before its previous load finished takes the new load.
    /// </summary>
    public void BeginLoad(IReadOnlyList<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var partition in partitions)
        {
            if ((uint)partition >= (uint)_shards.Length)
            {
                continue;
            }

            long generation;
            lock (_gate)
            {
                generation = ++_generation[partition];
                _failure[partition] = null;
                Volatile.Write(ref _ready[partition], false);
            }

            _loads[partition] = Task.Run(() => LoadAndPublishAsync(partition, generation));
        }
    }

    /// <summary>
    /// Like <see cref="BeginLoad"/> but waits until every partition is loaded: before the pipeline starts, when no
    /// assignment will come (a node without Kafka).
    /// </summary>
    public void Load(IReadOnlyList<int> partitions)
    {
        BeginLoad(partitions);
        foreach (var partition in partitions)
        {
            if ((uint)partition < (uint)_loads.Length && _loads[partition] is { } load)
            {
                load.GetAwaiter().GetResult();
                _ = IsReady(partition); // rethrows a failed load
            }
        }
    }

    /// <inheritdoc />
    public bool IsReady(int partition)
    {
        if ((uint)partition >= (uint)_ready.Length)
        {
            return true;
        }

        if (Volatile.Read(ref _ready[partition]))
        {
            return true;
        }

        if (Volatile.Read(ref _failure[partition]) is { } failure)
        {
            throw new InvalidOperationException(
                $"recovering the sessions of partition {partition} from the journal failed: {failure.Message}", failure);
        }

        return false;
    }

    private async Task LoadAndPublishAsync(int partition, long generation)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            if (Volatile.Read(ref _generation[partition]) != generation)
            {
                return; // superseded by a newer assignment
            }

            try
            {
                var loaded = _shards[partition] is null ? null : await ReadAsync(partition).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_generation[partition] != generation)
                    {
                        return;
                    }

                    if (loaded is not null)
                    {
                        _shards[partition]!.Assign(loaded);
                        Interlocked.Add(ref _loadedEvents, loaded.Events);
                    }

                    Volatile.Write(ref _ready[partition], true);
                }

                return;
            }
            catch (JournalUnavailableException)
            {
                // The database is restarting: the partition waits (paused), the others go on; try again.
                Interlocked.Increment(ref _loadRetries);
                await Task.Delay(backoff).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxRetryBackoff.Ticks));
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    if (_generation[partition] == generation)
                    {
                        Volatile.Write(ref _failure[partition], ex);
                    }
                }

                return;
            }
        }
    }

    private async Task<RecoveredPartition> ReadAsync(int partition)
    {
        var histories = new Dictionary<ulong, List<JournalEvent>>();
        var keys = new HashSet<ulong>();
        var ids = new Dictionary<string, ulong>(StringComparer.Ordinal);
        long bytes = 0;
        long events = 0;
        var keepEvents = true;
        await foreach (var e in _journal.CurrentEventsByTag(JournalStage.ShardTag(partition)).ConfigureAwait(false))
        {
            if (!ids.TryGetValue(e.PersistenceId, out var key))
            {
                key = Utf8Hash.Of(e.PersistenceId);
                ids.Add(e.PersistenceId, key);
                keys.Add(key);
            }

            if (!keepEvents)
            {
                continue;
            }

            bytes += e.Payload.Length;
            if (bytes > HistoryBudgetBytes)
            {
                // Over budget: keys only, each returning session queries its own events.
                keepEvents = false;
                histories.Clear();
                events = 0;
                continue;
            }

            if (!histories.TryGetValue(key, out var history))
            {
                history = [];
                histories.Add(key, history);
            }
            else if (!string.Equals(history[0].PersistenceId, e.PersistenceId, StringComparison.Ordinal))
            {
                continue; // two ids with one 64-bit key: neither is complete here, TryRecover queries on mismatch
            }

            history.Add(e);
            events++;
        }

        if (!keepEvents)
        {
            return new RecoveredPartition(keys, histories: null);
        }

        foreach (var history in histories.Values)
        {
            // Tag order is commit order, which follows each session's sequence; sort only if a writer broke that.
            for (var i = 1; i < history.Count; i++)
            {
                if (history[i].SequenceNr <= history[i - 1].SequenceNr)
                {
                    history.Sort((a, b) => a.SequenceNr.CompareTo(b.SequenceNr));
                    break;
                }
            }
        }

        return new RecoveredPartition(keys, histories) { Events = events };
    }
}
