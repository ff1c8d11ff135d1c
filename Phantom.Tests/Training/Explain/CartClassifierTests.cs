using Phantom.Streams.Randomness;
using Phantom.Training.Explain;

namespace Phantom.Tests.Training.Explain;

public class CartClassifierTests
{
    private static readonly string[] Names = ["x0", "x1", "x2"];

    [Fact]
    public void Fit_KnownRuleSet_RecoversThresholdsAndEveryLabel()
    {
        // class 0 when x0 ≤ 30; else class 2 when x1 > 60; else class 1. x2 is noise.
        var (rows, labels) = Sample(4_000, seed: 1, r => r[0] <= 30 ? 0 : r[1] > 60 ? 2 : 1);

        var tree = CartClassifier.Fit(rows, labels, 3, Names);
        var rules = tree.Rules(c => $"class {c}");

        Assert.Equal(3, rules.Count);
        Assert.Equal(2, tree.Depth);
        Assert.All(rows.Zip(labels), p => Assert.Equal(p.Second, tree.Predict(p.First)));
        var root = tree.Nodes[0];
        Assert.Equal(0, root.Feature);
        Assert.InRange(root.Threshold, 29, 31);
        var second = tree.Nodes.Single(n => !n.IsLeaf && n.Feature == 1);
        Assert.InRange(second.Threshold, 59, 61);
        Assert.StartsWith("if x0 ≤ 3", rules[0].ToString());
        Assert.EndsWith("then class 0", rules[0].ToString());
        Assert.All(rules, r => Assert.Equal(1.0, r.Purity));
    }

    [Fact]
    public void Fit_TwoSplitsOnOneFeature_MergeIntoOneRange()
    {
        var (rows, labels) = Sample(3_000, seed: 2, r => r[0] > 20 && r[0] <= 40 ? 1 : 0);

        var rules = CartClassifier.Fit(rows, labels, 2, Names).Rules(c => c.ToString());

        var band = Assert.Single(rules, r => r.Prediction == 1);
        var condition = Assert.Single(band.Conditions);
        Assert.InRange(condition.Lower, 19, 21);
        Assert.InRange(condition.Upper, 39, 41);
        Assert.Matches(@"^if 2\d(\.\d+)? < x0 ≤ 4\d(\.\d+)? then 1$", band.ToString());
    }

    [Fact]
    public void Fit_MaxDepth_IsNeverExceeded()
    {
        var (rows, labels) = Sample(2_000, seed: 3, r => ((int)(r[0] / 10) + (int)(r[1] / 10)) % 2);

        var shallow = CartClassifier.Fit(rows, labels, 2, Names, new CartOptions { MaxDepth = 1 });
        var deeper = CartClassifier.Fit(rows, labels, 2, Names, new CartOptions { MaxDepth = 5 });

        Assert.True(shallow.Depth <= 1);
        Assert.True(deeper.Depth <= 5);
        Assert.True(deeper.LeafCount <= 32);
    }

    [Fact]
    public void Fit_OneClassOnly_IsASingleAlwaysRule()
    {
        var (rows, labels) = Sample(100, seed: 4, _ => 1);

        var tree = CartClassifier.Fit(rows, labels, 3, Names);

        Assert.Equal(0, tree.Depth);
        Assert.Equal("always class 1", Assert.Single(tree.Rules(c => $"class {c}")).ToString());
    }

    [Fact]
    public void Fit_NoisyLabels_LeavesNoSiblingLeavesWithTheSameClass()
    {
        var random = new SeededRandom(9);
        var (rows, labels) = Sample(3_000, seed: 5, r => (r[0] > 50 ? 1 : 0) ^ (random.NextBool(0.2) ? 1 : 0));

        var tree = CartClassifier.Fit(rows, labels, 2, Names);

        foreach (var node in tree.Nodes.Where(n => !n.IsLeaf))
        {
            var left = tree.Nodes[node.Left];
            var right = tree.Nodes[node.Right];
            Assert.False(left.IsLeaf && right.IsLeaf && left.Prediction == right.Prediction, "mergeable siblings left in the tree");
        }
    }

    [Fact]
    public void Fit_SameDataTwice_GivesTheSameRules()
    {
        var (rows, labels) = Sample(1_500, seed: 6, r => r[2] > 70 ? 1 : r[1] < 10 ? 2 : 0);

        var a = CartClassifier.Fit(rows, labels, 3, Names).Rules(c => c.ToString()).Select(r => r.ToString());
        var b = CartClassifier.Fit(rows, labels, 3, Names).Rules(c => c.ToString()).Select(r => r.ToString());

        Assert.Equal(a, b);
    }

    [Fact]
    public void Fit_LabelOutOfRange_Throws()
    {
        var (rows, _) = Sample(10, seed: 7, _ => 0);

        Assert.Throws<ArgumentException>(() => CartClassifier.Fit(rows, Enumerable.Repeat(5, 10).ToArray(), 3, Names));
        Assert.Throws<ArgumentException>(() => CartClassifier.Fit(rows, new int[3], 3, Names));
    }

    private static (double[][] Rows, int[] Labels) Sample(int n, long seed, Func<double[], int> label)
    {
        var random = new SeededRandom(seed);
        var rows = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            rows[i] = [random.NextDouble() * 100, random.NextDouble() * 100, random.NextDouble() * 100];
            labels[i] = label(rows[i]);
        }

        return (rows, labels);
    }
}
