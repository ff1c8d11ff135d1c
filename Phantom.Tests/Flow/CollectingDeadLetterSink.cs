using System.Collections.Concurrent;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>Keeps copies of every dead letter.</summary>
internal sealed class CollectingDeadLetterSink : IDeadLetterSink
{
    public ConcurrentQueue<(int Partition, long Offset, RejectReason Reason, byte[] Payload)> Letters { get; } = new();

    public void Write(int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload) =>
        Letters.Enqueue((partition, offset, reason, payload.ToArray()));
}
