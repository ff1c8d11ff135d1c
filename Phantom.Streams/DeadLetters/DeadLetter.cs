using Phantom.Streams.Flow;

namespace Phantom.Streams.DeadLetters;

/// <summary>One rejected record as a sink keeps it: where it came from, why, and a copy of its bytes.</summary>
public sealed record DeadLetter(int Partition, long Offset, RejectReason Reason, byte[] Payload);
