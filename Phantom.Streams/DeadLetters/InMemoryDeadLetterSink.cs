using Phantom.Streams.Flow;

namespace Phantom.Streams.DeadLetters;

/// <summary>
/// A dead-letter sink for tests, demos and the dashboard: counts every record per reason and keeps copies of the
/// most recent ones. Safe for any number of concurrent writers, without locks: counts are interlocked, and the
/// recent records live in a ring whose slots are claimed with an interlocked sequence number.
/// </summary>
public sealed class InMemoryDeadLetterSink : IDeadLetterSink
{
    private readonly long[] _counts = new long[byte.MaxValue + 1];
    private readonly Slot?[] _ring;
    private long _sequence;

    /// <param name="keepRecent">How many of the latest records to keep (0 keeps none, only counts).</param>
    public InMemoryDeadLetterSink(int keepRecent = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepRecent);
        _ring = new Slot?[keepRecent];
    }

    /// <summary>Records written so far, all reasons.</summary>
    public long Total => Interlocked.Read(ref _sequence);

    /// <summary>How many records the sink keeps copies of.</summary>
    public int Capacity => _ring.Length;

    public void Write(int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload)
    {
        Interlocked.Increment(ref _counts[(byte)reason]);
        var sequence = Interlocked.Increment(ref _sequence);
        if (_ring.Length == 0)
        {
            return;
        }

        var letter = new DeadLetter(partition, offset, reason, payload.ToArray());
        Volatile.Write(ref _ring[(int)((sequence - 1) % _ring.Length)], new Slot(sequence, letter));
    }

    /// <summary>Records written with <paramref name="reason"/> so far.</summary>
    public long Count(RejectReason reason) => Interlocked.Read(ref _counts[(byte)reason]);

    /// <summary>Non-zero counts by reason.</summary>
    public IReadOnlyDictionary<RejectReason, long> Counts()
    {
        var counts = new Dictionary<RejectReason, long>();
        for (var i = 0; i < _counts.Length; i++)
        {
            var count = Interlocked.Read(ref _counts[i]);
            if (count > 0)
            {
                counts[(RejectReason)i] = count;
            }
        }

        return counts;
    }

    /// <summary>
    /// The kept records, oldest first. Under concurrent writes it is a recent sample, not an exact window: a slot may
    /// be overwritten while it is read.
    /// </summary>
    public IReadOnlyList<DeadLetter> Recent()
    {
        var slots = new List<Slot>(_ring.Length);
        for (var i = 0; i < _ring.Length; i++)
        {
            if (Volatile.Read(ref _ring[i]) is { } slot)
            {
                slots.Add(slot);
            }
        }

        slots.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return slots.Select(s => s.Letter).ToArray();
    }

    private sealed record Slot(long Sequence, DeadLetter Letter);
}
