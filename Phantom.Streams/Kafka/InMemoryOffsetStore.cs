using System.Collections.Concurrent;

namespace Phantom.Streams.Kafka;

/// <summary>An <see cref="IOffsetStore"/> in a dictionary: for tests, and for consumers in one process sharing a group.</summary>
public sealed class InMemoryOffsetStore : IOffsetStore
{
    private readonly ConcurrentDictionary<(string Group, string Topic, int Partition), long> _offsets = new();

    public long? Load(string group, string topic, int partition) =>
        _offsets.TryGetValue((group, topic, partition), out var next) ? next : null;

    public void Save(string group, string topic, int partition, long nextOffset) =>
        _offsets.AddOrUpdate((group, topic, partition), nextOffset, (_, old) => Math.Max(old, nextOffset));
}
