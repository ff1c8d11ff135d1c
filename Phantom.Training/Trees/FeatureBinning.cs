using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Training.Trees;

/// <summary>
/// Per-feature quantile cut points: bin b holds values in (UpperBounds[b-1], UpperBounds[b]], the last bin everything
/// above. Features with few distinct values get one bin per value (cuts at midpoints). NaN goes to bin 0, and a
/// tree sends NaN left at every split, so missing values behave as "smaller than everything", in training and
/// prediction alike.
/// </summary>
public sealed class FeatureBinning
{
    private FeatureBinning(float[][] upperBounds)
    {
        UpperBounds = upperBounds;
        Offsets = new int[upperBounds.Length + 1];
        for (var f = 0; f < upperBounds.Length; f++)
        {
            Offsets[f + 1] = Offsets[f] + upperBounds[f].Length + 1;
        }
    }

    /// <summary>Cut points per feature (strictly increasing).</summary>
    public float[][] UpperBounds { get; }

    /// <summary>Start of each feature's bins in a flat histogram; the last entry is the total bin count.</summary>
    internal int[] Offsets { get; }

    public int FeatureCount => UpperBounds.Length;

    public int BinCount(int feature) => UpperBounds[feature].Length + 1;

    /// <summary>Finds cut points from a seeded sample of at most <paramref name="sampleSize"/> rows.</summary>
    public static FeatureBinning Fit(Matrix features, int maxBins, int sampleSize, long seed, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBins, 255);
        var rows = SampleRows(features.Rows, sampleSize, seed);
        var bounds = new float[features.Columns][];
        Parallel.For(0, features.Columns, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, f =>
        {
            var values = new List<float>(rows.Length);
            foreach (var r in rows)
            {
                var v = features[r, f];
                if (!float.IsNaN(v))
                {
                    values.Add(v);
                }
            }

            bounds[f] = CutPoints(CollectionsMarshal.AsSpan(values), maxBins);
        });

        return new FeatureBinning(bounds);
    }

    /// <summary>Rebuilds a binning from saved cut points.</summary>
    public static FeatureBinning FromUpperBounds(float[][] upperBounds)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        return new FeatureBinning(upperBounds);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int BinOf(int feature, float value)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }

        var bounds = UpperBounds[feature];
        int lo = 0, hi = bounds.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (value <= bounds[mid])
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>Bins every value: row-major bytes [rows x features], so one row's bins share a cache line.</summary>
    public byte[] Transform(Matrix features, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Columns != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {features.Columns}.", nameof(features));
        }

        var columns = features.Columns;
        var bins = new byte[features.Rows * columns];
        const int chunk = 16_384;
        var chunks = (features.Rows + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            var end = Math.Min(features.Rows, (c + 1) * chunk);
            for (var r = c * chunk; r < end; r++)
            {
                var row = features.Row(r);
                var offset = r * columns;
                for (var f = 0; f < columns; f++)
                {
                    bins[offset + f] = (byte)BinOf(f, row[f]);
                }
            }
        });

        return bins;
    }

    private static float[] CutPoints(Span<float> values, int maxBins)
    {
        if (values.Length == 0)
        {
            return [];
        }

        values.Sort();
        var distinct = new List<float>();
        foreach (var v in values)
        {
            if (distinct.Count == 0 || distinct[^1] != v)
            {
                distinct.Add(v);
            }
        }

        var cuts = new List<float>(maxBins);
        if (distinct.Count <= maxBins)
        {
            for (var i = 0; i + 1 < distinct.Count; i++)
            {
                var mid = (float)((distinct[i] + (double)distinct[i + 1]) / 2);
                // Rounding can land the midpoint on the upper value; the lower value is then the only safe cut.
                cuts.Add(mid < distinct[i + 1] ? mid : distinct[i]);
            }

            return [.. cuts];
        }

        for (var k = 1; k < maxBins; k++)
        {
            var cut = values[(int)((long)k * values.Length / maxBins)];
            if ((cuts.Count == 0 || cut > cuts[^1]) && cut < distinct[^1])
            {
                cuts.Add(cut);
            }
        }

        return [.. cuts];
    }

    private static int[] SampleRows(int rows, int sampleSize, long seed)
    {
        if (rows <= sampleSize)
        {
            var all = new int[rows];
            for (var i = 0; i < rows; i++)
            {
                all[i] = i;
            }

            return all;
        }

        // Partial Fisher-Yates over a row permutation: an exact uniform sample without replacement.
        var random = new SeededRandom(seed);
        var order = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            order[i] = i;
        }

        for (var i = 0; i < sampleSize; i++)
        {
            var j = i + random.NextInt(rows - i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order[..sampleSize];
    }
}
