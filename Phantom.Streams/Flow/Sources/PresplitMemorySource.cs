using Phantom.Streams.Events;

namespace Phantom.Streams.Flow.Sources;

/// <summary>
/// Records held in memory, split once by session key into one contiguous buffer per partition with the routed mode's
/// function (<see cref="Utf8Hash.Partition"/>, as <see cref="PipelineWriter.ShardOf"/>), in input order within each
/// partition: the in-memory counterpart of a topic whose producer partitions by session key. Each shard pulls its
/// partition as views into that buffer (<see cref="RecordBatch.Borrow"/>): no copy, no allocation per record. Source
/// offsets are the records' input indices, as for <see cref="MemoryRecordSource"/>. Splitting costs one copy of the
/// input, done in <see cref="Split"/> before anything runs.
/// </summary>
public sealed class PresplitMemorySource : IPartitionedSource
{
    private readonly Partition[] _partitions;

    private PresplitMemorySource(Partition[] partitions, string name)
    {
        _partitions = partitions;
        Name = name;
    }

    /// <summary>Reads record <paramref name="index"/> of the input (a span cannot be a generic delegate's result).</summary>
    public delegate ReadOnlySpan<byte> RecordReader(int index);

    public string Name { get; }

    public int Partitions => _partitions.Length;

    /// <summary>Records of <paramref name="partition"/>.</summary>
    public int CountOf(int partition) => _partitions[partition].Keys.Length;

    /// <summary>
    /// Splits <paramref name="count"/> records (bytes from <paramref name="record"/>, session keys from
    /// <paramref name="keys"/>) into <paramref name="partitions"/> partitions.
    /// </summary>
    public static PresplitMemorySource Split(int partitions, int count, RecordReader record, IReadOnlyList<ulong> keys, string name = "presplit")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count < count)
        {
            throw new ArgumentException($"{keys.Count} keys for {count} records", nameof(keys));
        }

        var records = new int[partitions];
        var bytes = new long[partitions];
        for (var i = 0; i < count; i++)
        {
            var p = Utf8Hash.Partition(keys[i], partitions);
            records[p]++;
            bytes[p] += record(i).Length;
        }

        var split = new Partition[partitions];
        for (var p = 0; p < partitions; p++)
        {
            split[p] = new Partition(new byte[checked((int)bytes[p])], new int[records[p] + 1], new ulong[records[p]], new long[records[p]]);
        }

        var filled = new int[partitions];
        var used = new int[partitions];
        for (var i = 0; i < count; i++)
        {
            var p = Utf8Hash.Partition(keys[i], partitions);
            var target = split[p];
            var n = filled[p]++;
            var payload = record(i);
            payload.CopyTo(target.Data.AsSpan(used[p]));
            target.Starts[n] = used[p];
            target.Keys[n] = keys[i];
            target.Offsets[n] = i;
            used[p] += payload.Length;
            target.Starts[n + 1] = used[p];
        }

        return new PresplitMemorySource(split, name);
    }

    public IPartitionInput OpenPartition(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, _partitions.Length);
        return new Input(_partitions[partition]);
    }

    private sealed record Partition(byte[] Data, int[] Starts, ulong[] Keys, long[] Offsets);

    /// <summary>A cursor over one partition; each open starts from its first record.</summary>
    private sealed class Input(Partition partition) : IPartitionInput
    {
        private int _next;

        public PartitionPull Pull(RecordBatch batch, long pulledTimestamp, CancellationToken cancellationToken)
        {
            var count = partition.Keys.Length;
            if (_next >= count)
            {
                return PartitionPull.End;
            }

            batch.Borrow(partition.Data);
            var end = Math.Min(count, _next + batch.Capacity - batch.Count);
            var starts = partition.Starts;
            for (var i = _next; i < end; i++)
            {
                batch.AppendView(partition.Keys[i], starts[i], starts[i + 1] - starts[i], partition.Offsets[i], pulledTimestamp);
            }

            _next = end;
            return end == count ? PartitionPull.End : PartitionPull.Records;
        }
    }
}
