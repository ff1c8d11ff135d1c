using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phantom.Streams.Metrics;

/// <summary>
/// A log-linear latency histogram in the spirit of HdrHistogram: every power of two of nanoseconds is split into
/// 64 equal buckets, so a reported value is within 1/64 (≈1.6 %) of the true one, from 1 ns up to about 18 minutes.
/// Buckets are fixed at construction, so <see cref="RecordNanoseconds"/> never allocates. One thread records (the
/// shard that owns it); readers may query concurrently and see a slightly stale but never torn per-bucket count.
/// Histograms of the same shape merge by adding buckets, which is how per-shard histograms are aggregated.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int MaxMagnitude = 40; // 2^41 ns ≈ 36 minutes: anything slower is clamped into the last bucket
    private const long MaxTrackable = (1L << (MaxMagnitude + 1)) - 1;

    /// <summary>Buckets: 64 exact ones for 0..63 ns, then 64 per power of two from 2^6 to 2^40.</summary>
    public const int BucketCount = SubBucketCount + ((MaxMagnitude - SubBucketBits + 1) * SubBucketCount);

    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _sum;
    private long _max;

    /// <summary>Values recorded.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Mean of recorded values in milliseconds; 0 when empty.</summary>
    public double MeanMilliseconds
    {
        get
        {
            var count = Count;
            return count == 0 ? 0 : Volatile.Read(ref _sum) / (double)count / 1e6;
        }
    }

    /// <summary>The largest recorded value in milliseconds (exact, not bucketed).</summary>
    public double MaxMilliseconds => Volatile.Read(ref _max) / 1e6;

    /// <summary>Records an elapsed <see cref="Stopwatch"/> tick count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordTicks(long ticks) => RecordNanoseconds((long)(ticks * NanosecondsPerTick));

    /// <summary>Records one value in nanoseconds; negative values count as 0, huge ones are clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RecordNanoseconds(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }

        _buckets[IndexOf(Math.Min(nanoseconds, MaxTrackable))]++;
        _count++;
        _sum += nanoseconds;
        if (nanoseconds > _max)
        {
            _max = nanoseconds;
        }
    }

    /// <summary>Adds another histogram's buckets into this one (this one must not be recorded into concurrently).</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _buckets[i] += Volatile.Read(ref other._buckets[i]);
        }

        _count += other.Count;
        _sum += Volatile.Read(ref other._sum);
        _max = Math.Max(_max, Volatile.Read(ref other._max));
    }

    /// <summary>Clears every bucket (owner thread only).</summary>
    public void Reset()
    {
        Array.Clear(_buckets);
        _count = 0;
        _sum = 0;
        _max = 0;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0..100] in milliseconds: the midpoint of the bucket holding the
    /// value of rank ⌈p·n/100⌉, capped at the exact maximum. 0 when empty.
    /// </summary>
    public double PercentileMilliseconds(double percentile) => PercentileNanoseconds(percentile) / 1e6;

    /// <summary>As <see cref="PercentileMilliseconds"/>, in nanoseconds.</summary>
    public double PercentileNanoseconds(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);

        // Sum the buckets rather than trusting _count: a concurrent recorder may have bumped one but not the other.
        long total = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            total += Volatile.Read(ref _buckets[i]);
        }

        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                var (low, width) = BucketRange(i);
                var mid = low + ((width - 1) / 2.0);
                return Math.Min(mid, Volatile.Read(ref _max));
            }
        }

        return Volatile.Read(ref _max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int IndexOf(long value)
    {
        if (value < SubBucketCount)
        {
            return (int)value;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = magnitude - SubBucketBits;
        var sub = (int)(value >> shift) - SubBucketCount;
        return SubBucketCount + (shift * SubBucketCount) + sub;
    }

    /// <summary>The lowest value a bucket holds and how many consecutive values it covers.</summary>
    internal static (long Low, long Width) BucketRange(int index)
    {
        if (index < SubBucketCount)
        {
            return (index, 1);
        }

        var shift = (index - SubBucketCount) / SubBucketCount;
        var sub = (index - SubBucketCount) % SubBucketCount;
        return ((long)(SubBucketCount + sub) << shift, 1L << shift);
    }
}
