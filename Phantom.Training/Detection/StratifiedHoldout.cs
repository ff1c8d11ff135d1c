using Phantom.Streams.Randomness;
using Phantom.Training.Learning;

namespace Phantom.Training.Detection;

/// <summary>A seeded, stratified train/test split: each class is shuffled and its first share held out.</summary>
public static class StratifiedHoldout
{
    /// <summary>(train rows, test rows), each ascending; at least one row of each class is held out when the class has two.</summary>
    public static (int[] Train, int[] Test) Split(ReadOnlySpan<float> labels, double testFraction, long seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "the test fraction must be in (0, 1)");
        }

        var random = new SeededRandom(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var label in new[] { 0f, 1f })
        {
            var members = new List<int>();
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i] == label)
                {
                    members.Add(i);
                }
            }

            var rows = members.ToArray();
            Shuffle.InPlace(rows.AsSpan(), random);
            var held = rows.Length >= 2 ? Math.Clamp((int)Math.Round(rows.Length * testFraction), 1, rows.Length - 1) : 0;
            test.AddRange(rows[..held]);
            train.AddRange(rows[held..]);
        }

        train.Sort();
        test.Sort();
        return (train.ToArray(), test.ToArray());
    }
}
