namespace Phantom.Training.Explain;

/// <summary>A fitted classification tree (<see cref="CartClassifier"/>): node 0 is the root.</summary>
public sealed class DecisionTree
{
    public DecisionTree(IReadOnlyList<DecisionTreeNode> nodes, IReadOnlyList<string> featureNames, int classCount)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (nodes.Count == 0)
        {
            throw new ArgumentException("a tree needs at least its root", nameof(nodes));
        }

        Nodes = nodes;
        FeatureNames = featureNames;
        ClassCount = classCount;
    }

    public IReadOnlyList<DecisionTreeNode> Nodes { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public int ClassCount { get; }

    public int LeafCount => Nodes.Count(n => n.IsLeaf);

    /// <summary>Levels of splits on the longest path (0 for a single leaf).</summary>
    public int Depth => DepthOf(0);

    public int Predict(ReadOnlySpan<double> row)
    {
        var node = Nodes[0];
        while (!node.IsLeaf)
        {
            node = Nodes[row[node.Feature] <= node.Threshold ? node.Left : node.Right];
        }

        return node.Prediction;
    }

    /// <summary>Every leaf as a rule, in tree order (left to right).</summary>
    /// <param name="label">How a class reads, e.g. action index to "scale 0.95".</param>
    public IReadOnlyList<DecisionRule> Rules(Func<int, string> label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var rules = new List<DecisionRule>();
        Walk(0, [], rules, label);
        return rules;
    }

    private void Walk(int index, List<(int Feature, bool Left, double Threshold)> path, List<DecisionRule> rules, Func<int, string> label)
    {
        var node = Nodes[index];
        if (node.IsLeaf)
        {
            rules.Add(new DecisionRule(Conditions(path), node.Prediction, label(node.Prediction), node.Samples, node.ClassCounts[node.Prediction]));
            return;
        }

        path.Add((node.Feature, true, node.Threshold));
        Walk(node.Left, path, rules, label);
        path[^1] = (node.Feature, false, node.Threshold);
        Walk(node.Right, path, rules, label);
        path.RemoveAt(path.Count - 1);
    }

    private List<RuleCondition> Conditions(List<(int Feature, bool Left, double Threshold)> path)
    {
        // Merge every split on a feature into one range, in order of the feature's first appearance on the path.
        var conditions = new List<RuleCondition>();
        foreach (var (feature, left, threshold) in path)
        {
            var at = conditions.FindIndex(c => c.Feature == feature);
            var current = at >= 0 ? conditions[at] : new RuleCondition(feature, FeatureNames[feature], double.NegativeInfinity, double.PositiveInfinity);
            current = left
                ? current with { Upper = Math.Min(current.Upper, threshold) }
                : current with { Lower = Math.Max(current.Lower, threshold) };
            if (at >= 0)
            {
                conditions[at] = current;
            }
            else
            {
                conditions.Add(current);
            }
        }

        return conditions;
    }

    private int DepthOf(int index)
    {
        var node = Nodes[index];
        return node.IsLeaf ? 0 : 1 + Math.Max(DepthOf(node.Left), DepthOf(node.Right));
    }
}
