using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Training.Trees;

/// <summary>Fits <see cref="GradientBoostedTrees"/> for binary log-loss with histogram-based trees.</summary>
public static class GradientBoostingTrainer
{
    private const int RowChunk = 16_384;

    /// <summary>
    /// Fits on <paramref name="features"/> (rows × features, NaN = missing) and 0/1 <paramref name="labels"/>.
    /// Deterministic for a given seed and data, whatever the thread count.
    /// </summary>
    public static GradientBoostedTrees Fit(Matrix features, ReadOnlySpan<float> labels, GradientBoostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var n = features.Rows;
        if (labels.Length != n)
        {
            throw new ArgumentException($"Expected {n} labels, got {labels.Length}.", nameof(labels));
        }

        if (n == 0 || features.Columns == 0)
        {
            throw new ArgumentException("Training needs at least one row and one feature.", nameof(features));
        }

        var y = labels.ToArray();
        var positives = 0.0;
        foreach (var v in y)
        {
            if (v is not (0f or 1f))
            {
                throw new ArgumentException("Labels must be 0 or 1.", nameof(labels));
            }

            positives += v;
        }

        var seeds = new SeededRandom(options.Seed);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        var binning = FeatureBinning.Fit(features, options.MaxBins, options.BinningSampleSize, (long)seeds.NextUInt64(), options.MaxDegreeOfParallelism);
        var bins = binning.Transform(features, options.MaxDegreeOfParallelism);
        var columns = features.Columns;

        var rate = Math.Clamp(positives / n, 1e-6, 1 - 1e-6);
        var baseScore = Math.Log(rate / (1 - rate));
        var scores = new double[n];
        Array.Fill(scores, baseScore);
        var pairs = new GradientPair[n];
        var rows = new int[n];
        var builder = new TreeBuilder(binning, bins, options);
        var trees = new List<RegressionTree>(options.Rounds);
        var sampler = seeds.Fork();
        var chunks = (n + RowChunk - 1) / RowChunk;

        for (var round = 0; round < options.Rounds; round++)
        {
            Parallel.For(0, chunks, parallel, c =>
            {
                var end = Math.Min(n, (c + 1) * RowChunk);
                for (var r = c * RowChunk; r < end; r++)
                {
                    var p = Losses.Sigmoid(scores[r]);
                    pairs[r].Gradient = (float)(p - y[r]);
                    pairs[r].Hessian = (float)Math.Max(p * (1 - p), 1e-16);
                }
            });

            var count = 0;
            if (options.RowSubsample >= 1)
            {
                for (var r = 0; r < n; r++)
                {
                    rows[r] = r;
                }

                count = n;
            }
            else
            {
                for (var r = 0; r < n; r++)
                {
                    if (sampler.NextDouble() < options.RowSubsample)
                    {
                        rows[count++] = r;
                    }
                }
            }

            var tree = builder.Build(rows, count, pairs);
            trees.Add(tree);
            if (count == n)
            {
                // Every row is in exactly one leaf's range of the partitioned row array: no traversal needed.
                Parallel.ForEach(builder.LeafRanges, parallel, leaf =>
                {
                    for (var i = leaf.Start; i < leaf.Start + leaf.Count; i++)
                    {
                        scores[rows[i]] += leaf.Value;
                    }
                });
            }
            else
            {
                Parallel.For(0, chunks, parallel, c =>
                {
                    var end = Math.Min(n, (c + 1) * RowChunk);
                    for (var r = c * RowChunk; r < end; r++)
                    {
                        scores[r] += tree.PredictBinned(bins.AsSpan(r * columns, columns));
                    }
                });
            }
        }

        return new GradientBoostedTrees(columns, baseScore, trees, builder.GainImportance, builder.SplitCounts);
    }
}
