namespace Phantom.Streams.Kafka;

/// <summary>
/// The highest Kafka offset each partition's shard has fully processed (every stage, their batch ends included, so a
/// price is in its store's hands before its offset shows here): what a committer may commit (as offset + 1). Written
/// by the pipeline's <see cref="KafkaOffsetStage"/>s, one shard thread per partition; read from any thread.
/// <para>
/// With a journal (<see cref="RequireDurability"/>) an offset also has to be durable: the journal stage keeps several
/// group commits in flight per shard and reports each one's offset once its transaction is committed
/// (<see cref="MarkDurable"/>), and <see cref="Processed"/> is the lower of the two, so nothing committed to Kafka or
/// handed to <see cref="KafkaSource.BeforeCommit"/> ever covers an event whose journal transaction is still open.
/// </para>
/// </summary>
public sealed class PartitionOffsets
{
    private readonly long[] _pending;
    private readonly long[] _processed;
    private readonly long[] _durable;
    private readonly int[] _generation;
    private readonly Lock _durableGate = new();
    private volatile bool _gated;

    public PartitionOffsets(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _pending = new long[partitions];
        _processed = new long[partitions];
        _durable = new long[partitions];
        _generation = new int[partitions];
        Array.Fill(_pending, -1L);
        Array.Fill(_processed, -1L);
        Array.Fill(_durable, -1L);
    }

    public int Partitions => _processed.Length;

    /// <summary>True once a journal gates the offsets (<see cref="RequireDurability"/>).</summary>
    public bool RequiresDurability => _gated;

    /// <summary>The highest processed offset of <paramref name="partition"/> (and durable, with a journal), -1 before its first record.</summary>
    public long Processed(int partition)
    {
        var processed = Volatile.Read(ref _processed[partition]);
        return _gated ? Math.Min(processed, Volatile.Read(ref _durable[partition])) : processed;
    }

    /// <summary>The highest offset of <paramref name="partition"/> whose journal transaction is durable (-1: none); meaningful with a journal.</summary>
    public long Durable(int partition) => Volatile.Read(ref _durable[partition]);

    /// <summary>From now on an offset counts as processed only once <see cref="MarkDurable"/> reported it (a node with a journal).</summary>
    public void RequireDurability() => _gated = true;

    /// <summary>
    /// The journal committed everything of <paramref name="partition"/> up to <paramref name="offset"/>. Ignored when
    /// the partition was reset since <paramref name="generation"/> was read (a late commit of a previous assignment).
    /// Any thread.
    /// </summary>
    internal void MarkDurable(int partition, long offset, int generation)
    {
        lock (_durableGate)
        {
            if (_generation[partition] == generation && offset > _durable[partition])
            {
                Volatile.Write(ref _durable[partition], offset);
            }
        }
    }

    /// <summary>The partition's assignment generation (bumped by every <see cref="Reset"/>); read on its shard's thread.</summary>
    internal int Generation(int partition) => Volatile.Read(ref _generation[partition]);

    /// <summary>All partitions' processed offsets (-1 where none), as of now.</summary>
    public long[] Snapshot()
    {
        var copy = new long[_processed.Length];
        for (var p = 0; p < copy.Length; p++)
        {
            copy[p] = Processed(p);
        }

        return copy;
    }

    /// <summary>Shard thread of <paramref name="partition"/> only: a record at <paramref name="offset"/> entered the stages.</summary>
    internal void Mark(int partition, long offset)
    {
        if (offset > _pending[partition])
        {
            _pending[partition] = offset;
        }
    }

    /// <summary>The highest offset marked on <paramref name="partition"/>'s shard since assignment, published or not (-1: none); read on that shard's thread.</summary>
    internal long Pending(int partition) => _pending[partition];

    /// <summary>Shard thread of <paramref name="partition"/> only: every record marked so far has left every stage.</summary>
    internal void Publish(int partition) => Volatile.Write(ref _processed[partition], _pending[partition]);

    /// <summary>
    /// Forgets a partition (its shard was revoked and may come back at an earlier offset from another owner's commit):
    /// called by the source once the shard is quiet.
    /// </summary>
    internal void Reset(int partition)
    {
        _pending[partition] = -1;
        Volatile.Write(ref _processed[partition], -1);
        lock (_durableGate)
        {
            _generation[partition]++;
            Volatile.Write(ref _durable[partition], -1);
        }
    }
}
