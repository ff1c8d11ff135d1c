using Phantom.Training.Evaluation;

namespace Phantom.Tests.Training.Evaluation;

public class StratifiedKFoldTests
{
    private static readonly float[] Labels = Enumerable.Range(0, 103).Select(i => i % 7 == 0 ? 1f : 0f).ToArray();

    [Fact]
    public void Split_EachFoldHasBalancedClassCounts()
    {
        var positives = Labels.Count(l => l == 1);
        var negatives = Labels.Length - positives;
        foreach (var (_, test) in StratifiedKFold.Split(Labels, 5, seed: 1))
        {
            var p = test.Count(i => Labels[i] == 1);
            Assert.InRange(p, positives / 5, (positives / 5) + 1);
            Assert.InRange(test.Length - p, negatives / 5, (negatives / 5) + 1);
        }
    }

    [Fact]
    public void Split_TestFoldsPartitionRowsAndTrainIsTheComplement()
    {
        var seen = new int[Labels.Length];
        foreach (var (train, test) in StratifiedKFold.Split(Labels, 4, seed: 2))
        {
            foreach (var i in test)
            {
                seen[i]++;
            }

            Assert.Equal(Labels.Length, train.Length + test.Length);
            Assert.Empty(train.Intersect(test));
        }

        Assert.All(seen, c => Assert.Equal(1, c));
    }

    [Fact]
    public void AssignFolds_SameSeedSame_DifferentSeedDifferent()
    {
        Assert.Equal(StratifiedKFold.AssignFolds(Labels, 5, 9), StratifiedKFold.AssignFolds(Labels, 5, 9));
        Assert.NotEqual(StratifiedKFold.AssignFolds(Labels, 5, 9), StratifiedKFold.AssignFolds(Labels, 5, 10));
    }
}
