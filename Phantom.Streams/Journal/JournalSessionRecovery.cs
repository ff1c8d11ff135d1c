using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Sessions;

namespace Phantom.Streams.Journal;

/// <summary>
/// Lazy recovery of session entities from the journal. When a shard's partition is assigned (or at start without Kafka),
/// <see cref="Load"/> reads the keys of every session journaled under the shard's tag (<c>p{shard}</c>) into a per-shard
/// set; a session the shard then misses is rebuilt from its journaled events before it applies a new one (see
/// <see cref="JournalShardRecovery"/>). Known sessions never reach this class, and unknown ones cost one set lookup.
/// </summary>
/// <remarks>
/// The set holds all the shard's journaled sessions, not only recent ones: recovering a long-idle session is rare, and a
/// missed one would restart its sequence at 1 and collide with its journaled events.
/// </remarks>
public sealed class JournalSessionRecovery : ISessionRecoveryProvider
{
    private readonly IJournal _journal;
    private readonly JournalShardRecovery?[] _shards;
    private readonly JournalStage?[] _stages;

    /// <param name="journal">The node's journal.</param>
    /// <param name="partitions">The pipeline's shard count.</param>
    public JournalSessionRecovery(IJournal journal, int partitions)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _journal = journal;
        _shards = new JournalShardRecovery?[partitions];
        _stages = new JournalStage?[partitions];
    }

    /// <summary>Sessions rebuilt from the journal, all shards.</summary>
    public long Recovered
    {
        get
        {
            long total = 0;
            foreach (var shard in _shards)
            {
                total += shard?.Recovered ?? 0;
            }

            return total;
        }
    }

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
    /// The shard's <c>journal</c> stage (see <see cref="JournalStage.Configure"/>): before rebuilding a session the
    /// shard's recovery waits for that stage's open commits, so a session passivated a moment ago is rebuilt with its
    /// latest journaled events, not without them.
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
    /// Reads which sessions <paramref name="partitions"/> have in the journal and tells those shards to drop what they
    /// hold in memory (it may be stale after a rebalance). Runs before any record of the partitions is consumed: from
    /// the source's assignment callback, or before the pipeline starts.
    /// </summary>
    public void Load(IReadOnlyList<int> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        foreach (var partition in partitions)
        {
            if ((uint)partition >= (uint)_shards.Length || _shards[partition] is not { } shard)
            {
                continue;
            }

            shard.Assign(LoadKeysAsync(partition).GetAwaiter().GetResult());
        }
    }

    private async Task<HashSet<ulong>> LoadKeysAsync(int partition)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in _journal.CurrentEventsByTag(JournalStage.ShardTag(partition)).ConfigureAwait(false))
        {
            ids.Add(e.PersistenceId);
        }

        var keys = new HashSet<ulong>(ids.Count);
        foreach (var id in ids)
        {
            keys.Add(Utf8Hash.Of(id));
        }

        return keys;
    }
}
