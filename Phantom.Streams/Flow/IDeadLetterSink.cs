namespace Phantom.Streams.Flow;

/// <summary>
/// Where rejected records go (CONTRACTS.md <c>user-interactions.dead-letters</c>: reason, offset, partition, payload).
/// Called from shard workers; implementations must be safe for concurrent callers and must copy the bytes they keep.
/// </summary>
public interface IDeadLetterSink
{
    void Write(int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload);
}
