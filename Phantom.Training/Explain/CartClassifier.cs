namespace Phantom.Training.Explain;

/// <summary>
/// CART for classification: binary splits <c>x ≤ t</c> chosen by the largest decrease of the weighted Gini
/// impurity, thresholds at the midpoint between adjacent distinct values, grown depth-first to
/// <see cref="CartOptions.MaxDepth"/>. Exact (every distinct value is a candidate), which is right for the few
/// thousand samples a distillation uses. Deterministic: ties keep the first feature, then the lowest threshold.
/// Sibling leaves that predict the same class are merged afterwards, so the rules are as short as the tree allows
/// without changing a single prediction.
/// </summary>
public static class CartClassifier
{
    /// <summary>Fits a tree.</summary>
    /// <param name="rows">Samples, each a feature vector of <paramref name="featureNames"/>' length.</param>
    /// <param name="labels">Class of each sample, in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="featureNames">Feature names, for rules.</param>
    /// <param name="options">Growth limits (defaults: depth 5).</param>
    /// <exception cref="ArgumentException">Empty data, ragged rows, or a label out of range.</exception>
    public static DecisionTree Fit(IReadOnlyList<double[]> rows, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string> featureNames, CartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(featureNames);
        options ??= new CartOptions();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (rows.Count == 0 || rows.Count != labels.Length)
        {
            throw new ArgumentException($"need as many labels as rows, and at least one; got {rows.Count} rows and {labels.Length} labels");
        }

        var d = featureNames.Count;
        foreach (var row in rows)
        {
            if (row.Length != d)
            {
                throw new ArgumentException($"every row needs {d} features (one per name); found one with {row.Length}");
            }
        }

        var y = labels.ToArray();
        foreach (var label in y)
        {
            if (label < 0 || label >= classCount)
            {
                throw new ArgumentException($"label {label} is outside [0, {classCount})");
            }
        }

        var builder = new Builder(rows, y, classCount, d, options);
        var indices = Enumerable.Range(0, rows.Count).ToArray();
        builder.Grow(indices, 0);
        return new DecisionTree(Merge(builder.Nodes), featureNames.ToArray(), classCount);
    }

    /// <summary>Collapses internal nodes whose two children are leaves with the same prediction, bottom-up, then renumbers.</summary>
    private static List<DecisionTreeNode> Merge(List<DecisionTreeNode> nodes)
    {
        DecisionTreeNode Collapse(int index)
        {
            var node = nodes[index];
            if (node.IsLeaf)
            {
                return node;
            }

            var left = Collapse(node.Left);
            var right = Collapse(node.Right);
            nodes[node.Left] = left;
            nodes[node.Right] = right;
            return left.IsLeaf && right.IsLeaf && left.Prediction == right.Prediction
                ? nodes[index] = node with { Feature = -1, Threshold = 0, Left = -1, Right = -1 }
                : node;
        }

        Collapse(0);
        var result = new List<DecisionTreeNode>();
        int Copy(int index)
        {
            var node = nodes[index];
            var at = result.Count;
            result.Add(node);
            if (!node.IsLeaf)
            {
                var left = Copy(node.Left);
                var right = Copy(node.Right);
                result[at] = node with { Left = left, Right = right };
            }

            return at;
        }

        Copy(0);
        return result;
    }

    private sealed class Builder(IReadOnlyList<double[]> rows, int[] labels, int classCount, int features, CartOptions options)
    {
        public List<DecisionTreeNode> Nodes { get; } = [];

        public int Grow(int[] indices, int depth)
        {
            var counts = Count(indices);
            var at = Nodes.Count;
            Nodes.Add(Leaf(counts));
            if (depth >= options.MaxDepth || indices.Length < options.MinSamplesSplit || counts.Count(c => c > 0) <= 1)
            {
                return at;
            }

            var (feature, threshold) = BestSplit(indices, counts);
            if (feature < 0)
            {
                return at;
            }

            var left = indices.Where(i => rows[i][feature] <= threshold).ToArray();
            var right = indices.Where(i => rows[i][feature] > threshold).ToArray();
            var leftIndex = Grow(left, depth + 1);
            var rightIndex = Grow(right, depth + 1);
            Nodes[at] = Nodes[at] with { Feature = feature, Threshold = threshold, Left = leftIndex, Right = rightIndex };
            return at;
        }

        private (int Feature, double Threshold) BestSplit(int[] indices, int[] counts)
        {
            var n = indices.Length;
            var parent = Gini(counts, n);
            var bestScore = parent - options.MinImpurityDecrease;
            var bestFeature = -1;
            var bestThreshold = 0.0;
            var keys = new double[n];
            var order = new int[n];
            var left = new int[classCount];
            var right = new int[classCount];
            for (var f = 0; f < features; f++)
            {
                for (var k = 0; k < n; k++)
                {
                    keys[k] = rows[indices[k]][f];
                    order[k] = indices[k];
                }

                Array.Sort(keys, order);
                if (keys[0] == keys[n - 1])
                {
                    continue;
                }

                Array.Clear(left);
                counts.CopyTo(right, 0);
                for (var k = 0; k < n - 1; k++)
                {
                    var label = labels[order[k]];
                    left[label]++;
                    right[label]--;
                    var leftCount = k + 1;
                    if (keys[k] == keys[k + 1] || leftCount < options.MinSamplesLeaf || n - leftCount < options.MinSamplesLeaf)
                    {
                        continue;
                    }

                    var score = ((leftCount * Gini(left, leftCount)) + ((n - leftCount) * Gini(right, n - leftCount))) / n;
                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestFeature = f;
                        bestThreshold = keys[k] + ((keys[k + 1] - keys[k]) / 2);
                    }
                }
            }

            return (bestFeature, bestThreshold);
        }

        private int[] Count(int[] indices)
        {
            var counts = new int[classCount];
            foreach (var i in indices)
            {
                counts[labels[i]]++;
            }

            return counts;
        }

        private static DecisionTreeNode Leaf(int[] counts)
        {
            var best = 0;
            for (var c = 1; c < counts.Length; c++)
            {
                if (counts[c] > counts[best])
                {
                    best = c;
                }
            }

            return new DecisionTreeNode { Feature = -1, Threshold = 0, Left = -1, Right = -1, Prediction = best, ClassCounts = counts };
        }

        private static double Gini(int[] counts, int n)
        {
            if (n == 0)
            {
                return 0;
            }

            var sum = 0.0;
            foreach (var c in counts)
            {
                var p = (double)c / n;
                sum += p * p;
            }

            return 1 - sum;
        }
    }
}
