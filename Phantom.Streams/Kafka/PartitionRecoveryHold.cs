namespace Phantom.Streams.Kafka;

/// <summary>
/// <see cref="KafkaSource"/>'s book of partitions whose shard is still recovering: which ones wait, and the records
/// already consumed for them (parked in order until the recovery is published). Consumer thread only.
/// </summary>
/// <remarks>
/// The source pauses a partition at its first parked record, so a partition parks only what librdkafka had already
/// handed over; the byte budget is a backstop past which the source waits for that one recovery instead.
/// </remarks>
internal sealed class PartitionRecoveryHold
{
    /// <summary>Parked bytes, all partitions, past which the source stops parking and waits.</summary>
    public const long BudgetBytes = 16L * 1024 * 1024;

    private readonly bool[] _waiting;
    private readonly bool[] _paused;
    private readonly List<ParkedRecord>?[] _parked;
    private long _parkedBytes;
    private long _parkedTotal;

    public PartitionRecoveryHold(int partitions)
    {
        _waiting = new bool[partitions];
        _paused = new bool[partitions];
        _parked = new List<ParkedRecord>?[partitions];
    }

    /// <summary>Partitions waiting for their recovery.</summary>
    public int Waiting { get; private set; }

    /// <summary>Records parked so far (a counter for tests and metrics; read from any thread).</summary>
    public long Parked => Interlocked.Read(ref _parkedTotal);

    /// <summary>True when the parked records reached <see cref="BudgetBytes"/>.</summary>
    public bool OverBudget => _parkedBytes >= BudgetBytes;

    public bool IsWaiting(int partition) => _waiting[partition];

    /// <summary>The partition was just assigned: its records wait until its recovery is ready.</summary>
    public void Hold(int partition)
    {
        Drop(partition);
        _waiting[partition] = true;
        Waiting++;
    }

    /// <summary>Keeps a copy of a record of a waiting partition; true when the partition should be paused now (its first one).</summary>
    public bool Park(int partition, ulong key, ReadOnlySpan<byte> value, long offset)
    {
        var parked = _parked[partition] ??= [];
        if (parked.Count > 0 && offset <= parked[^1].Offset)
        {
            return false; // fetched again after the pause: already parked
        }

        parked.Add(new ParkedRecord(key, value.ToArray(), offset));
        _parkedBytes += value.Length;
        Interlocked.Increment(ref _parkedTotal);
        if (_paused[partition])
        {
            return false;
        }

        _paused[partition] = true;
        return true;
    }

    /// <summary>The partition's recovery is ready: its parked records in offset order (null if none), and whether it was paused.</summary>
    public List<ParkedRecord>? Release(int partition, out bool paused)
    {
        var parked = _parked[partition];
        paused = _paused[partition];
        Clear(partition);
        return parked;
    }

    /// <summary>The partition was revoked or lost: forget its parked records. True when it was paused (resume it).</summary>
    public bool Drop(int partition)
    {
        var paused = _paused[partition];
        Clear(partition);
        return paused;
    }

    private void Clear(int partition)
    {
        if (_parked[partition] is { } parked)
        {
            foreach (var record in parked)
            {
                _parkedBytes -= record.Value.Length;
            }

            _parked[partition] = null;
        }

        _paused[partition] = false;
        if (_waiting[partition])
        {
            _waiting[partition] = false;
            Waiting--;
        }
    }

    /// <summary>A record consumed while its partition was recovering.</summary>
    internal readonly record struct ParkedRecord(ulong Key, byte[] Value, long Offset);
}
