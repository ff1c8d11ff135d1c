using Phantom.Streams.Randomness;

namespace Phantom.Training.Learning;

/// <summary>Seeded Fisher–Yates shuffles for mini-batch order and splits.</summary>
public static class Shuffle
{
    public static void InPlace<T>(Span<T> items, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>0..n-1 in a seeded random order.</summary>
    public static int[] Permutation(int n, SeededRandom random)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        InPlace(order.AsSpan(), random);
        return order;
    }
}
