using System.Collections.Concurrent;

namespace Phantom.Tests.Kafka;

/// <summary>Every record a test pipeline saw: which consumer, partition and offset, in one global order.</summary>
internal sealed class ProcessingLog
{
    private readonly ConcurrentQueue<Entry> _entries = new();
    private long _sequence;

    public int Count => _entries.Count;

    public void Record(string consumer, int partition, long offset) =>
        _entries.Enqueue(new Entry(consumer, partition, offset, Interlocked.Increment(ref _sequence)));

    public IReadOnlyList<Entry> Entries() => _entries.OrderBy(e => e.Sequence).ToArray();

    /// <summary>Distinct (partition, offset) pairs seen.</summary>
    public int Distinct() => _entries.Select(e => (e.Partition, e.Offset)).Distinct().Count();


    internal readonly record struct Entry(string Consumer, int Partition, long Offset, long Sequence);

}
