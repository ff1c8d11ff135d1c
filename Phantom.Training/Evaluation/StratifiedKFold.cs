using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Training.Evaluation;

/// <summary>
/// Seeded stratified k-fold assignment: each class is shuffled and dealt round-robin to folds, so every fold holds
/// ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class c.
/// </summary>
public static class StratifiedKFold
{
    /// <summary>Fold index (0..k-1) of every row.</summary>
    public static int[] AssignFolds(ReadOnlySpan<float> labels, int folds, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var random = new SeededRandom(seed);
        var assignment = new int[labels.Length];
        var classes = new SortedDictionary<float, List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (!classes.TryGetValue(labels[i], out var list))
            {
                classes[labels[i]] = list = [];
            }

            list.Add(i);
        }

        var next = 0;
        foreach (var members in classes.Values)
        {
            var rows = members.ToArray();
            Shuffle.InPlace(rows.AsSpan(), random);
            foreach (var row in rows)
            {
                assignment[row] = next;
                next = (next + 1) % folds;
            }
        }

        return assignment;
    }

    /// <summary>(train rows, test rows) of each fold, rows in ascending order.</summary>
    public static IReadOnlyList<(int[] Train, int[] Test)> Split(ReadOnlySpan<float> labels, int folds, long seed)
    {
        var assignment = AssignFolds(labels, folds, seed);
        var result = new List<(int[], int[])>(folds);
        for (var k = 0; k < folds; k++)
        {
            var train = new List<int>();
            var test = new List<int>();
            for (var i = 0; i < assignment.Length; i++)
            {
                (assignment[i] == k ? test : train).Add(i);
            }

            result.Add((train.ToArray(), test.ToArray()));
        }

        return result;
    }
}
