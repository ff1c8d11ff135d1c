using System.Collections.Concurrent;

namespace Phantom.Streams.Flow;

/// <summary>
/// Reuses <see cref="RecordBatch"/>es between the sources that fill them and the shard workers that drain them. The
/// number in circulation is bounded by the queues (shards × (capacity + 2) per writer), so the pool needs no cap.
/// </summary>
public sealed class RecordBatchPool(int batchSize, int initialBytesPerRecord = 256)
{
    private readonly ConcurrentQueue<RecordBatch> _free = new();
    private int _created;

    /// <summary>Batches ever created (a steady value once warmed up shows the pool is doing its job).</summary>
    public int Created => Volatile.Read(ref _created);

    public int BatchSize { get; } = batchSize;

    public RecordBatch Rent()
    {
        if (_free.TryDequeue(out var batch))
        {
            return batch;
        }

        Interlocked.Increment(ref _created);
        return new RecordBatch(BatchSize, BatchSize * initialBytesPerRecord);
    }

    public void Return(RecordBatch batch)
    {
        batch.Clear();
        _free.Enqueue(batch);
    }
}
