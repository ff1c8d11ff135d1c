namespace Phantom.Streams.Kafka;

/// <summary>One record read back from a topic (tests and tools; not the hot path).</summary>
public sealed record KafkaRecord(string Topic, int Partition, long Offset, byte[]? Key, byte[] Value);
