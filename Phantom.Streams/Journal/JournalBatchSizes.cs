namespace Phantom.Streams.Journal;

/// <summary>
/// A histogram of group-commit transaction sizes (events per committed transaction), for <c>/metrics</c>: fixed
/// buckets, written by the group commit's single loop, read by scrapes. Cumulative counts as Prometheus wants them.
/// </summary>
public sealed class JournalBatchSizes
{
    /// <summary>Upper bounds (inclusive) of the buckets; a last, implicit +Inf bucket holds the rest.</summary>
    public static readonly IReadOnlyList<double> UpperBounds = [1, 10, 100, 500, 1_000, 2_500, 5_000, 10_000, 25_000];

    private readonly long[] _counts = new long[UpperBounds.Count + 1];
    private long _sum;
    private long _count;

    /// <summary>Transactions recorded.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Events in all recorded transactions.</summary>
    public long Sum => Interlocked.Read(ref _sum);

    /// <summary>Records one committed transaction of <paramref name="events"/> events.</summary>
    public void Record(int events)
    {
        var bucket = 0;
        while (bucket < UpperBounds.Count && events > UpperBounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sum, events);
        Interlocked.Increment(ref _count);
    }

    /// <summary>(upper bound, transactions of at most that size) per bucket, +Inf last: cumulative, as Prometheus buckets.</summary>
    public IReadOnlyList<(double UpperBound, long Cumulative)> Cumulative()
    {
        var result = new (double, long)[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            result[i] = (i < UpperBounds.Count ? UpperBounds[i] : double.PositiveInfinity, running);
        }

        return result;
    }
}
