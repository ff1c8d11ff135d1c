namespace Phantom.Streams.Kafka;

/// <summary>
/// The highest Kafka offset each partition's shard has fully processed (every stage, their batch ends included, so a
/// price is in its store's hands before its offset shows here): what a committer may commit (as offset + 1). Written
/// by the pipeline's <see cref="KafkaOffsetStage"/>s, one shard thread per partition; read from any thread.
/// </summary>
public sealed class PartitionOffsets
{
    private readonly long[] _pending;
    private readonly long[] _processed;

    public PartitionOffsets(int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        _pending = new long[partitions];
        _processed = new long[partitions];
        Array.Fill(_pending, -1L);
        Array.Fill(_processed, -1L);
    }

    public int Partitions => _processed.Length;

    /// <summary>The highest processed offset of <paramref name="partition"/>, -1 before its first record.</summary>
    public long Processed(int partition) => Volatile.Read(ref _processed[partition]);

    /// <summary>All partitions' processed offsets (-1 where none), as of now.</summary>
    public long[] Snapshot()
    {
        var copy = new long[_processed.Length];
        for (var p = 0; p < copy.Length; p++)
        {
            copy[p] = Volatile.Read(ref _processed[p]);
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

    /// <summary>Shard thread of <paramref name="partition"/> only: every record marked so far has left every stage.</summary>
    /// <summary>The highest offset marked on <paramref name="partition"/>'s shard since assignment, published or not (-1: none); read on that shard's thread.</summary>
    internal long Pending(int partition) => _pending[partition];

    internal void Publish(int partition) => Volatile.Write(ref _processed[partition], _pending[partition]);

    /// <summary>
    /// Forgets a partition (its shard was revoked and may come back at an earlier offset from another owner's commit):
    /// called by the source once the shard is quiet.
    /// </summary>
    internal void Reset(int partition)
    {
        _pending[partition] = -1;
        Volatile.Write(ref _processed[partition], -1);
    }
}
