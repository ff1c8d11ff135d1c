using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phantom.Training.Trees;

/// <summary>
/// Grows one depth-wise tree on binned rows (LightGBM-style): gradient/hessian histograms per node, best split by
/// regularised gain, and the subtraction trick (only the smaller child's histogram is built; the larger one is
/// parent − smaller). Large histograms are built in a fixed number of row chunks summed in a fixed order, so results
/// do not depend on thread count or scheduling.
/// </summary>
internal sealed class TreeBuilder
{
    private const int ParallelChunks = 8;
    private const int ParallelRowThreshold = 65_536;

    private readonly FeatureBinning _binning;
    private readonly byte[] _bins;
    private readonly int _features;
    private readonly int _totalBins;
    private readonly GradientBoostingOptions _options;
    private readonly ParallelOptions _parallel;
    private readonly Stack<HistogramBin[]> _pool = new();
    private readonly Lock _poolLock = new();
    private int[] _scratch = [];

    public TreeBuilder(FeatureBinning binning, byte[] bins, GradientBoostingOptions options)
    {
        _binning = binning;
        _bins = bins;
        _features = binning.FeatureCount;
        _totalBins = binning.Offsets[^1];
        _options = options;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        GainImportance = new double[_features];
        SplitCounts = new int[_features];
    }

    public double[] GainImportance { get; }

    public int[] SplitCounts { get; }

    /// <summary>Leaves of the last built tree as (start, count, value) ranges of its row array, for score updates.</summary>
    public List<(int Start, int Count, double Value)> LeafRanges { get; } = [];

    /// <summary>Builds a tree over rows <paramref name="rows"/>[0..<paramref name="rowCount"/>) (reordered in place).</summary>
    public RegressionTree Build(int[] rows, int rowCount, GradientPair[] pairs)
    {
        if (_scratch.Length < rowCount)
        {
            _scratch = new int[rowCount];
        }

        LeafRanges.Clear();
        var tree = new TreeArrays();
        var root = new Node { Start = 0, Count = rowCount, Depth = 0, TreeIndex = tree.Add() };
        if (NeedsHistogram(root))
        {
            root.Histogram = Rent();
            BuildHistogram(rows, root.Start, root.Count, pairs, root.Histogram);
            for (var b = 0; b < _binning.Offsets[1]; b++)
            {
                root.Gradient += root.Histogram[b].Gradient;
                root.Hessian += root.Histogram[b].Hessian;
            }
        }
        else
        {
            for (var i = 0; i < rowCount; i++)
            {
                root.Gradient += pairs[rows[i]].Gradient;
                root.Hessian += pairs[rows[i]].Hessian;
            }
        }

        var level = new List<Node> { root };
        while (level.Count > 0)
        {
            Parallel.For(0, level.Count, _parallel, i =>
            {
                var node = level[i];
                node.Split = node.Histogram is null ? SplitCandidate.None : FindBestSplit(node);
                if (node.Split.IsValid)
                {
                    Partition(rows, node);
                }
            });

            var parents = new List<Node>();
            var next = new List<Node>();
            foreach (var node in level)
            {
                if (!node.Split.IsValid)
                {
                    var value = -node.Gradient / (node.Hessian + _options.L2Regularization) * _options.LearningRate;
                    tree.SetLeaf(node.TreeIndex, value);
                    LeafRanges.Add((node.Start, node.Count, value));
                    Return(node.Histogram);
                    continue;
                }

                var s = node.Split;
                var left = new Node
                {
                    Start = node.Start, Count = s.LeftCount, Depth = node.Depth + 1, TreeIndex = tree.Add(),
                    Gradient = s.LeftGradient, Hessian = s.LeftHessian,
                };
                var right = new Node
                {
                    Start = node.Start + s.LeftCount, Count = node.Count - s.LeftCount, Depth = node.Depth + 1, TreeIndex = tree.Add(),
                    Gradient = node.Gradient - s.LeftGradient, Hessian = node.Hessian - s.LeftHessian,
                };
                tree.SetSplit(node.TreeIndex, s.Feature, _binning.UpperBounds[s.Feature][s.Bin], s.Bin, left.TreeIndex, right.TreeIndex);
                GainImportance[s.Feature] += s.Gain;
                SplitCounts[s.Feature]++;
                node.Left = left;
                node.Right = right;
                parents.Add(node);
                next.Add(left);
                next.Add(right);
            }

            Parallel.For(0, parents.Count, _parallel, i => BuildChildHistograms(rows, pairs, parents[i]));
            level = next;
        }

        return tree.ToTree();
    }

    private bool NeedsHistogram(Node node) => node.Depth < _options.MaxDepth && node.Count >= 2 * _options.MinSamplesLeaf;

    private void BuildChildHistograms(int[] rows, GradientPair[] pairs, Node parent)
    {
        var left = parent.Left!;
        var right = parent.Right!;
        if (NeedsHistogram(left) || NeedsHistogram(right))
        {
            var (small, large) = left.Count <= right.Count ? (left, right) : (right, left);
            small.Histogram = Rent();
            BuildHistogram(rows, small.Start, small.Count, pairs, small.Histogram);
            large.Histogram = Rent();
            var p = parent.Histogram!;
            var sh = small.Histogram;
            var lh = large.Histogram;
            for (var b = 0; b < _totalBins; b++)
            {
                lh[b].Gradient = p[b].Gradient - sh[b].Gradient;
                lh[b].Hessian = p[b].Hessian - sh[b].Hessian;
                lh[b].Count = p[b].Count - sh[b].Count;
            }

            if (!NeedsHistogram(left))
            {
                Return(left.Histogram);
                left.Histogram = null;
            }

            if (!NeedsHistogram(right))
            {
                Return(right.Histogram);
                right.Histogram = null;
            }
        }

        Return(parent.Histogram);
        parent.Histogram = null;
    }

    private void BuildHistogram(int[] rows, int start, int count, GradientPair[] pairs, HistogramBin[] target)
    {
        if (count < ParallelRowThreshold)
        {
            Array.Clear(target);
            Accumulate(rows, start, count, pairs, target);
            return;
        }

        var partial = new HistogramBin[ParallelChunks][];
        partial[0] = target;
        for (var c = 1; c < ParallelChunks; c++)
        {
            partial[c] = Rent();
        }

        var chunkSize = (count + ParallelChunks - 1) / ParallelChunks;
        Parallel.For(0, ParallelChunks, _parallel, c =>
        {
            Array.Clear(partial[c]);
            var s = start + (c * chunkSize);
            var e = Math.Min(start + count, s + chunkSize);
            if (e > s)
            {
                Accumulate(rows, s, e - s, pairs, partial[c]);
            }
        });

        for (var c = 1; c < ParallelChunks; c++)
        {
            var src = partial[c];
            for (var b = 0; b < _totalBins; b++)
            {
                target[b].Gradient += src[b].Gradient;
                target[b].Hessian += src[b].Hessian;
                target[b].Count += src[b].Count;
            }

            Return(src);
        }
    }

    /// <summary>The hot loop: one pass over the node's rows, touching each row's F contiguous bin bytes.</summary>
    private void Accumulate(int[] rows, int start, int count, GradientPair[] pairs, HistogramBin[] target)
    {
        ref var rowRef = ref MemoryMarshal.GetArrayDataReference(rows);
        ref var pairRef = ref MemoryMarshal.GetArrayDataReference(pairs);
        ref var binRef = ref MemoryMarshal.GetArrayDataReference(_bins);
        ref var histRef = ref MemoryMarshal.GetArrayDataReference(target);
        ref var offsetRef = ref MemoryMarshal.GetArrayDataReference(_binning.Offsets);
        var features = _features;
        for (var i = start; i < start + count; i++)
        {
            var row = Unsafe.Add(ref rowRef, i);
            var pair = Unsafe.Add(ref pairRef, row);
            double g = pair.Gradient;
            double h = pair.Hessian;
            ref var rowBins = ref Unsafe.Add(ref binRef, (nint)row * features);
            for (var f = 0; f < features; f++)
            {
                ref var bin = ref Unsafe.Add(ref histRef, Unsafe.Add(ref offsetRef, f) + Unsafe.Add(ref rowBins, f));
                bin.Gradient += g;
                bin.Hessian += h;
                bin.Count++;
            }
        }
    }

    private SplitCandidate FindBestSplit(Node node)
    {
        var hist = node.Histogram!;
        var lambda = _options.L2Regularization;
        var minLeaf = _options.MinSamplesLeaf;
        var minHessian = _options.MinChildWeight;
        var parentScore = node.Gradient * node.Gradient / (node.Hessian + lambda);
        var best = SplitCandidate.None;
        var bestGain = Math.Max(0, _options.MinSplitGain);
        for (var f = 0; f < _features; f++)
        {
            var offset = _binning.Offsets[f];
            var binCount = _binning.Offsets[f + 1] - offset;
            double gl = 0, hl = 0;
            var cl = 0;
            for (var b = 0; b < binCount - 1; b++)
            {
                gl += hist[offset + b].Gradient;
                hl += hist[offset + b].Hessian;
                cl += hist[offset + b].Count;
                var cr = node.Count - cl;
                if (cl < minLeaf)
                {
                    continue;
                }

                if (cr < minLeaf)
                {
                    break;
                }

                var hr = node.Hessian - hl;
                if (hl < minHessian || hr < minHessian)
                {
                    continue;
                }

                var gr = node.Gradient - gl;
                var gain = 0.5 * ((gl * gl / (hl + lambda)) + (gr * gr / (hr + lambda)) - parentScore);
                if (gain > bestGain)
                {
                    bestGain = gain;
                    best = new SplitCandidate(f, b, gain, gl, hl, cl);
                }
            }
        }

        return best;
    }

    /// <summary>Stable in-place partition of the node's rows: left (bin ≤ split) first, both sides keep row order.</summary>
    private void Partition(int[] rows, Node node)
    {
        var feature = node.Split.Feature;
        var splitBin = node.Split.Bin;
        var write = node.Start;
        var rightCount = 0;
        var end = node.Start + node.Count;
        for (var i = node.Start; i < end; i++)
        {
            var row = rows[i];
            if (_bins[((long)row * _features) + feature] <= splitBin)
            {
                rows[write++] = row;
            }
            else
            {
                _scratch[node.Start + rightCount++] = row;
            }
        }

        Array.Copy(_scratch, node.Start, rows, write, rightCount);
    }

    private HistogramBin[] Rent()
    {
        lock (_poolLock)
        {
            if (_pool.Count > 0)
            {
                return _pool.Pop();
            }
        }

        return new HistogramBin[_totalBins];
    }

    private void Return(HistogramBin[]? histogram)
    {
        if (histogram is null)
        {
            return;
        }

        lock (_poolLock)
        {
            _pool.Push(histogram);
        }
    }

    private sealed class Node
    {
        public int Start;
        public int Count;
        public int Depth;
        public int TreeIndex;
        public double Gradient;
        public double Hessian;
        public HistogramBin[]? Histogram;
        public SplitCandidate Split = SplitCandidate.None;
        public Node? Left;
        public Node? Right;
    }

    private sealed class TreeArrays
    {
        private readonly List<int> _feature = [];
        private readonly List<float> _threshold = [];
        private readonly List<int> _bin = [];
        private readonly List<int> _left = [];
        private readonly List<int> _right = [];
        private readonly List<double> _value = [];

        public int Add()
        {
            _feature.Add(-1);
            _threshold.Add(0);
            _bin.Add(-1);
            _left.Add(-1);
            _right.Add(-1);
            _value.Add(0);
            return _feature.Count - 1;
        }

        public void SetLeaf(int index, double value) => _value[index] = value;

        public void SetSplit(int index, int feature, float threshold, int bin, int left, int right)
        {
            _feature[index] = feature;
            _threshold[index] = threshold;
            _bin[index] = bin;
            _left[index] = left;
            _right[index] = right;
        }

        public RegressionTree ToTree() => new([.. _feature], [.. _threshold], [.. _bin], [.. _left], [.. _right], [.. _value]);
    }
}
