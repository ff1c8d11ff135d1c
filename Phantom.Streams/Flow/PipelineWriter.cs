using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Phantom.Streams.Events;

namespace Phantom.Streams.Flow;

/// <summary>
/// How a source hands records to a <see cref="PartitionedPipeline"/>: each record is copied into the current batch of
/// its shard (no allocation per record) and a batch goes to the shard's bounded queue when it fills or on
/// <see cref="FlushAsync"/>. One writer belongs to one source and is not thread-safe; per-session order is the order
/// of writes through one writer.
/// <para>
/// Backpressure: <see cref="TryWrite"/> returns false when the record's shard still holds a full batch its queue had
/// no room for. The record was NOT taken; the source awaits <see cref="WaitToWriteAsync"/> (which waits until the
/// queues take the held batches) and writes the same record again. Spans cannot cross an await, hence the split;
/// <see cref="WriteAsync"/> wraps it for callers that hold the payload in memory.
/// </para>
/// </summary>
public sealed class PipelineWriter
{
    private readonly PartitionedPipeline _pipeline;
    private readonly ChannelWriter<RecordBatch>[] _queues;
    private readonly RecordBatchPool _pool;
    private readonly RecordBatch?[] _current;
    private readonly RecordBatch?[] _held;
    private readonly int _partitions;
    private int _heldCount;
    private long _written;
    private long _stamp;
    private int _stampsLeft; // records that may still use _stamp; 0: read the clock
    private int _recordsPerClockRead = 1;

    internal PipelineWriter(PartitionedPipeline pipeline, ChannelWriter<RecordBatch>[] queues, RecordBatchPool pool)
    {
        _pipeline = pipeline;
        _queues = queues;
        _pool = pool;
        _partitions = queues.Length;
        _current = new RecordBatch?[_partitions];
        _held = new RecordBatch?[_partitions];
    }

    /// <summary>
    /// Records that share one clock read as their enqueue time (1, the default: every record reads the clock). A source
    /// that writes in tight bursts (memory, files, the generator) may raise it: a clock read costs about as much as
    /// copying a record, and reusing an earlier one only makes a record look older — its latency is over-, never
    /// under-stated — by at most the time the source took for that many records. Every flush or wait starts afresh,
    /// so an idle gap is never charged to the next record.
    /// </summary>
    public int RecordsPerClockRead
    {
        get => _recordsPerClockRead;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            _recordsPerClockRead = value;
        }
    }

    /// <summary>Shards the writer routes among.</summary>
    public int Partitions => _partitions;

    /// <summary>Records accepted so far (read from any thread).</summary>
    public long RecordsWritten => Volatile.Read(ref _written);

    /// <summary>True when a full batch waits for queue room, i.e. the next write to its shard would be refused.</summary>
    public bool IsBlocked => _heldCount > 0;

    /// <summary>The shard <paramref name="sessionKey"/> routes to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ShardOf(ulong sessionKey) => Utf8Hash.Partition(sessionKey, _partitions);

    /// <summary>
    /// Copies a record into the batch of the shard its session key routes to (<see cref="Utf8Hash.Partition"/>).
    /// False: not taken (backpressure); await <see cref="WaitToWriteAsync"/> and write it again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite(ulong sessionKey, ReadOnlySpan<byte> payload, long sourceOffset) =>
        TryWriteToShard(Utf8Hash.Partition(sessionKey, _partitions), sessionKey, payload, sourceOffset);

    /// <summary>As <see cref="TryWrite"/>, to an explicit shard (Kafka: the record's partition is its shard).</summary>
    public bool TryWriteToShard(int shard, ulong sessionKey, ReadOnlySpan<byte> payload, long sourceOffset)
    {
        if ((uint)shard >= (uint)_partitions)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"shard must be in 0..{_partitions - 1}");
        }

        if (_held[shard] is { } held)
        {
            if (!TryPost(shard, held))
            {
                return false;
            }

            _held[shard] = null;
            _heldCount--;
        }

        var batch = _current[shard] ??= _pool.Rent();
        if (--_stampsLeft < 0)
        {
            _stamp = Stopwatch.GetTimestamp();
            _stampsLeft = _recordsPerClockRead - 1;
        }

        batch.Append(sessionKey, payload, sourceOffset, _stamp);
        _written++;
        if (batch.IsFull)
        {
            _current[shard] = null;
            if (!TryPost(shard, batch))
            {
                _held[shard] = batch;
                _heldCount++;
            }
        }

        return true;
    }

    /// <summary>Waits until every held full batch is in its queue; after it, the next write is taken.</summary>
    public ValueTask WaitToWriteAsync(CancellationToken cancellationToken = default)
    {
        _stampsLeft = 0;
        return _heldCount == 0 ? ValueTask.CompletedTask : PostHeldAsync(cancellationToken);
    }

    /// <summary>Writes one record, waiting while its shard's queue is full.</summary>
    public ValueTask WriteAsync(
        ulong sessionKey,
        ReadOnlyMemory<byte> payload,
        long sourceOffset,
        CancellationToken cancellationToken = default)
    {
        return TryWrite(sessionKey, payload.Span, sourceOffset)
            ? ValueTask.CompletedTask
            : Slow(this, sessionKey, payload, sourceOffset, cancellationToken);

        static async ValueTask Slow(
            PipelineWriter writer,
            ulong key,
            ReadOnlyMemory<byte> payload,
            long offset,
            CancellationToken ct)
        {
            do
            {
                await writer.WaitToWriteAsync(ct).ConfigureAwait(false);
            }
            while (!writer.TryWrite(key, payload.Span, offset));
        }
    }

    /// <summary>
    /// Sends every partial batch to its shard, waiting for queue room: call it when the source goes idle or ends, so
    /// no record waits for a batch to fill.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        _stampsLeft = 0;
        await PostHeldAsync(cancellationToken).ConfigureAwait(false);
        for (var shard = 0; shard < _partitions; shard++)
        {
            if (_current[shard] is { Count: > 0 } batch)
            {
                // Park it as held first, so a cancelled wait leaves it to be sent by the next flush, not lost.
                _current[shard] = null;
                _held[shard] = batch;
                _heldCount++;
                await PostHeldAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends what fits without waiting; true when nothing is left unsent.</summary>
    public bool TryFlush()
    {
        _stampsLeft = 0;
        var clear = true;
        for (var shard = 0; shard < _partitions; shard++)
        {
            if (_held[shard] is { } held)
            {
                if (!TryPost(shard, held))
                {
                    clear = false;
                    continue;
                }

                _held[shard] = null;
                _heldCount--;
            }

            if (_current[shard] is { Count: > 0 } batch)
            {
                _current[shard] = null;
                if (!TryPost(shard, batch))
                {
                    _held[shard] = batch;
                    _heldCount++;
                    clear = false;
                }
            }
        }

        return clear;
    }

    /// <summary>Gives partial batches back to the pool without sending them (abort only).</summary>
    internal int Discard()
    {
        var discarded = 0;
        for (var shard = 0; shard < _partitions; shard++)
        {
            if (_current[shard] is { } current)
            {
                discarded += current.Count;
                _current[shard] = null;
                _pool.Return(current);
            }

            if (_held[shard] is { } held)
            {
                discarded += held.Count;
                _held[shard] = null;
                _pool.Return(held);
            }
        }

        _heldCount = 0;
        return discarded;
    }

    private async ValueTask PostHeldAsync(CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < _partitions && _heldCount > 0; shard++)
        {
            if (_held[shard] is { } held)
            {
                try
                {
                    await _queues[shard].WriteAsync(held, cancellationToken).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    throw _pipeline.StoppedError();
                }

                _held[shard] = null;
                _heldCount--;
            }
        }
    }

    private bool TryPost(int shard, RecordBatch batch)
    {
        if (_queues[shard].TryWrite(batch))
        {
            return true;
        }

        if (!_pipeline.AcceptsRecords)
        {
            throw _pipeline.StoppedError();
        }

        return false;
    }
}
