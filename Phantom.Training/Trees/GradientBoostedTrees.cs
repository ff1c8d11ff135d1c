using System.Text;
using Phantom.Training.Learning;

namespace Phantom.Training.Trees;

/// <summary>
/// A fitted binary classifier: raw score = <see cref="BaseScore"/> + Σ tree values, probability = σ(raw score).
/// Fit with <see cref="GradientBoostingTrainer"/>; save/load in a small binary format.
/// </summary>
public sealed class GradientBoostedTrees
{
    private static readonly byte[] Magic = "PHGB1"u8.ToArray();

    public GradientBoostedTrees(int featureCount, double baseScore, IReadOnlyList<RegressionTree> trees, double[] gainImportance, int[] splitCounts)
    {
        ArgumentNullException.ThrowIfNull(trees);
        FeatureCount = featureCount;
        BaseScore = baseScore;
        Trees = trees;
        GainImportance = gainImportance;
        SplitCounts = splitCounts;
    }

    public int FeatureCount { get; }

    /// <summary>Log-odds of the training base rate; the starting score.</summary>
    public double BaseScore { get; }

    public IReadOnlyList<RegressionTree> Trees { get; }

    /// <summary>Total split gain per feature (unnormalised), the usual "gain" importance.</summary>
    public double[] GainImportance { get; }

    /// <summary>Number of splits on each feature.</summary>
    public int[] SplitCounts { get; }

    /// <summary>Gain importance normalised to sum to 1 (all zeros when there was no split).</summary>
    public double[] NormalizedGainImportance()
    {
        var total = GainImportance.Sum();
        return GainImportance.Select(g => total > 0 ? g / total : 0).ToArray();
    }

    public double PredictRawScore(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {row.Length}.", nameof(row));
        }

        var score = BaseScore;
        foreach (var tree in Trees)
        {
            score += tree.Predict(row);
        }

        return score;
    }

    public double PredictProbability(ReadOnlySpan<float> row) => Losses.Sigmoid(PredictRawScore(row));

    /// <summary>P(positive) for every row (parallel over row chunks; output order is row order).</summary>
    public double[] PredictProbabilities(Matrix features, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(features);
        var result = new double[features.Rows];
        const int chunk = 4096;
        var chunks = (features.Rows + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            var end = Math.Min(features.Rows, (c + 1) * chunk);
            for (var r = c * chunk; r < end; r++)
            {
                result[r] = PredictProbability(features.Row(r));
            }
        });

        return result;
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FeatureCount);
        w.Write(BaseScore);
        for (var f = 0; f < FeatureCount; f++)
        {
            w.Write(GainImportance[f]);
            w.Write(SplitCounts[f]);
        }

        w.Write(Trees.Count);
        foreach (var t in Trees)
        {
            w.Write(t.NodeCount);
            for (var i = 0; i < t.NodeCount; i++)
            {
                w.Write(t.Feature[i]);
                w.Write(t.Threshold[i]);
                w.Write(t.SplitBin[i]);
                w.Write(t.Left[i]);
                w.Write(t.Right[i]);
                w.Write(t.Value[i]);
            }
        }
    }

    public static GradientBoostedTrees Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a Phantom gradient-boosted model (bad magic).");
        }

        var featureCount = r.ReadInt32();
        var baseScore = r.ReadDouble();
        var gains = new double[featureCount];
        var splits = new int[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            gains[f] = r.ReadDouble();
            splits[f] = r.ReadInt32();
        }

        var trees = new RegressionTree[r.ReadInt32()];
        for (var k = 0; k < trees.Length; k++)
        {
            var n = r.ReadInt32();
            var feature = new int[n];
            var threshold = new float[n];
            var bin = new int[n];
            var left = new int[n];
            var right = new int[n];
            var value = new double[n];
            for (var i = 0; i < n; i++)
            {
                feature[i] = r.ReadInt32();
                threshold[i] = r.ReadSingle();
                bin[i] = r.ReadInt32();
                left[i] = r.ReadInt32();
                right[i] = r.ReadInt32();
                value[i] = r.ReadDouble();
            }

            trees[k] = new RegressionTree(feature, threshold, bin, left, right, value);
        }

        return new GradientBoostedTrees(featureCount, baseScore, trees, gains, splits);
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    public static GradientBoostedTrees Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }
}
