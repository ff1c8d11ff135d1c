using System.Runtime.CompilerServices;
using System.Text;

namespace Phantom.Streams.Models;

/// <summary>
/// A boosted tree ensemble for inference, read from the <c>PHGB1</c> format that Training's
/// <c>GradientBoostedTrees.Save</c> writes: raw score = base score + Σ tree leaf values, probability = σ(raw). All
/// trees live in flat arrays (one allocation per field for the whole ensemble); a prediction walks them without
/// allocating. Traversal rule as in training: go left when x ≤ threshold or x is NaN.
/// </summary>
/// <remarks>
/// PHGB1 layout (little-endian): "PHGB1", int32 feature count F, float64 base score, F × (float64 gain, int32 split
/// count), int32 tree count, then per tree int32 node count and per node (int32 feature or −1 for a leaf, float32
/// threshold, int32 split bin, int32 left, int32 right, float64 value).
/// </remarks>
public sealed class TreeEnsemble
{
    /// <summary>A sanity bound on one tree (depth 20 is about a million nodes); larger counts mean corrupt data.</summary>
    public const int MaxNodesPerTree = 4_000_000;

    private static readonly byte[] Magic = "PHGB1"u8.ToArray();

    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _value;

    private TreeEnsemble(int featureCount, double baseScore, double[] gains, int[] roots, int[] feature, float[] threshold, int[] left, int[] right, double[] value)
    {
        FeatureCount = featureCount;
        BaseScore = baseScore;
        GainImportance = gains;
        _roots = roots;
        _feature = feature;
        _threshold = threshold;
        _left = left;
        _right = right;
        _value = value;
    }

    public int FeatureCount { get; }

    public double BaseScore { get; }

    public int TreeCount => _roots.Length;

    /// <summary>Total split gain per feature, as saved (unnormalised).</summary>
    public IReadOnlyList<double> GainImportance { get; }

    /// <summary>Reads and validates a PHGB1 stream.</summary>
    /// <exception cref="InvalidDataException">Bad magic, truncated data, or a node that points outside its tree, backwards, or at a feature out of range.</exception>
    public static TreeEnsemble Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("not a PHGB1 gradient-boosted model (bad magic)");
            }

            var featureCount = r.ReadInt32();
            if (featureCount is < 1 or > 1_000_000)
            {
                throw new InvalidDataException($"feature count {featureCount} is out of range");
            }

            var baseScore = r.ReadDouble();
            var gains = new double[featureCount];
            for (var f = 0; f < featureCount; f++)
            {
                gains[f] = r.ReadDouble();
                r.ReadInt32();
            }

            var treeCount = r.ReadInt32();
            if (treeCount is < 0 or > 1_000_000)
            {
                throw new InvalidDataException($"tree count {treeCount} is out of range");
            }

            var roots = new int[treeCount];
            var feature = new List<int>();
            var threshold = new List<float>();
            var left = new List<int>();
            var right = new List<int>();
            var value = new List<double>();
            for (var t = 0; t < treeCount; t++)
            {
                var nodes = r.ReadInt32();
                if (nodes is < 1 or > MaxNodesPerTree)
                {
                    throw new InvalidDataException($"tree {t}: node count {nodes} is out of range");
                }

                var root = feature.Count;
                roots[t] = root;
                for (var i = 0; i < nodes; i++)
                {
                    var f = r.ReadInt32();
                    var th = r.ReadSingle();
                    r.ReadInt32();
                    var l = r.ReadInt32();
                    var rt = r.ReadInt32();
                    var v = r.ReadDouble();
                    if (f >= featureCount || f < -1)
                    {
                        throw new InvalidDataException($"tree {t} node {i}: feature {f} is out of range (0..{featureCount - 1})");
                    }

                    // Children come after their parent (the builder appends them), which also rules out cycles.
                    if (f >= 0 && (l <= i || rt <= i || l >= nodes || rt >= nodes))
                    {
                        throw new InvalidDataException($"tree {t} node {i}: children {l}, {rt} must lie after the node and inside the tree");
                    }

                    if (f < 0 && !double.IsFinite(v))
                    {
                        throw new InvalidDataException($"tree {t} node {i}: leaf value {v} is not finite");
                    }

                    feature.Add(f);
                    threshold.Add(th);
                    left.Add(f >= 0 ? root + l : -1);
                    right.Add(f >= 0 ? root + rt : -1);
                    value.Add(v);
                }
            }

            if (!double.IsFinite(baseScore))
            {
                throw new InvalidDataException($"base score {baseScore} is not finite");
            }

            return new TreeEnsemble(featureCount, baseScore, gains, roots, [.. feature], [.. threshold], [.. left], [.. right], [.. value]);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the PHGB1 data is truncated", e);
        }
    }

    /// <summary>Base score plus every tree's leaf value for <paramref name="row"/> (length <see cref="FeatureCount"/>).</summary>
    public double PredictRawScore(ReadOnlySpan<float> row)
    {
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"expected {FeatureCount} features, got {row.Length}", nameof(row));
        }

        var score = BaseScore;
        foreach (var root in _roots)
        {
            score += Leaf(root, row);
        }

        return score;
    }

    /// <summary>σ(raw score).</summary>
    public double PredictProbability(ReadOnlySpan<float> row) => Logistic.Sigmoid(PredictRawScore(row));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Leaf(int node, ReadOnlySpan<float> row)
    {
        while (_feature[node] >= 0)
        {
            var x = row[_feature[node]];
            node = (x <= _threshold[node] || float.IsNaN(x)) ? _left[node] : _right[node];
        }

        return _value[node];
    }
}
