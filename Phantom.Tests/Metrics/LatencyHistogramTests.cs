using FsCheck;
using FsCheck.Fluent;
using Phantom.Streams.Metrics;

namespace Phantom.Tests.Metrics;

public class LatencyHistogramTests
{
    /// <summary>Nanosecond values spread over many orders of magnitude (1 ns .. ~1 s).</summary>
    private static readonly Gen<long> Values =
        Gen.Choose(0, 30).SelectMany(bits => Gen.Choose(0, int.MaxValue).Select(m => (long)m % (1L << bits)));

    private static double Reference(long[] sorted, double percentile)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * sorted.Length));
        return sorted[rank - 1];
    }

    [Fact]
    public void PercentileNanoseconds_RandomValues_WithinOneBucketOfSortedReference()
    {
        var cases = Gen.Zip(Values.ArrayOf().Where(a => a.Length > 0), Gen.Choose(1, 1000)).ToArbitrary();
        Prop.ForAll(cases, c =>
        {
            var (values, permille) = c;
            var histogram = new LatencyHistogram();
            foreach (var v in values)
            {
                histogram.RecordNanoseconds(v);
            }

            var sorted = values.Order().ToArray();
            var percentile = permille / 10.0;
            var expected = Reference(sorted, percentile);
            var actual = histogram.PercentileNanoseconds(percentile);
            return Math.Abs(actual - expected) <= (expected / 64.0) + 1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CountMeanMax_RandomValues_AreExact()
    {
        Prop.ForAll(Values.ArrayOf().Where(a => a.Length > 0).ToArbitrary(), values =>
        {
            var histogram = new LatencyHistogram();
            foreach (var v in values)
            {
                histogram.RecordNanoseconds(v);
            }

            return histogram.Count == values.Length
                && Math.Abs(histogram.MaxMilliseconds - (values.Max() / 1e6)) < 1e-12
                && Math.Abs(histogram.MeanMilliseconds - (values.Average() / 1e6)) < 1e-9;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Add_TwoHistograms_EqualsOneHistogramOfAllValues()
    {
        Prop.ForAll(Gen.Two(Values.ArrayOf()).ToArbitrary(), pair =>
        {
            var (left, right) = pair;
            var a = new LatencyHistogram();
            var b = new LatencyHistogram();
            var all = new LatencyHistogram();
            foreach (var v in left)
            {
                a.RecordNanoseconds(v);
                all.RecordNanoseconds(v);
            }

            foreach (var v in right)
            {
                b.RecordNanoseconds(v);
                all.RecordNanoseconds(v);
            }

            a.Add(b);
            return a.Count == all.Count
                && new[] { 1.0, 50, 90, 99, 99.9, 100 }.All(p => a.PercentileNanoseconds(p) == all.PercentileNanoseconds(p))
                && a.MaxMilliseconds == all.MaxMilliseconds;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void BucketRange_EveryBucket_ContainsExactlyTheValuesIndexOfMapsToIt()
    {
        for (var index = 0; index < LatencyHistogram.BucketCount; index++)
        {
            var (low, width) = LatencyHistogram.BucketRange(index);
            Assert.Equal(index, LatencyHistogram.IndexOf(low));
            Assert.Equal(index, LatencyHistogram.IndexOf(low + width - 1));
            if (index + 1 < LatencyHistogram.BucketCount)
            {
                Assert.Equal(index + 1, LatencyHistogram.IndexOf(low + width));
            }
        }
    }

    [Fact]
    public void PercentileMilliseconds_Empty_IsZero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.PercentileMilliseconds(99));
        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.MeanMilliseconds);
    }

    [Fact]
    public void RecordNanoseconds_HugeAndNegativeValues_AreClampedNotLost()
    {
        var histogram = new LatencyHistogram();

        histogram.RecordNanoseconds(-5);
        histogram.RecordNanoseconds(long.MaxValue / 2);

        Assert.Equal(2, histogram.Count);
        Assert.Equal(0, histogram.PercentileNanoseconds(50));
        Assert.True(histogram.PercentileNanoseconds(100) > 1e12);
    }
}
