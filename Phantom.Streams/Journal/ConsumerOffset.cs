namespace Phantom.Streams.Journal;

/// <summary>
/// A consumer group's position in one topic partition, stored in the same transaction as the events it produced.
/// By Kafka's convention <paramref name="Offset"/> is the next offset to consume; the journal stores it as given.
/// </summary>
public readonly record struct ConsumerOffset(string Group, string Topic, int Partition, long Offset);
