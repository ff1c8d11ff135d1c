using System.Runtime.CompilerServices;
using Phantom.Streams.Randomness;

namespace Phantom.Training.Simulation;

/// <summary>
/// Vose's alias method over a fixed number of outcomes: O(n) rebuild into preallocated arrays, O(1) draw from one
/// 64-bit word. The simulator rebuilds it once per step and class for the product factor c of the expanded kernel.
/// </summary>
public sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;
    private readonly double[] _scaled;
    private readonly int[] _small;
    private readonly int[] _large;

    public AliasTable(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        _probability = new double[count];
        _alias = new int[count];
        _scaled = new double[count];
        _small = new int[count];
        _large = new int[count];
        BuildUniform();
    }

    public int Count { get; }

    /// <summary>Rebuilds from non-negative weights; uniform when their sum is 0 or not finite (section 5).</summary>
    public void Build(ReadOnlySpan<double> weights)
    {
        if (weights.Length != Count)
        {
            throw new ArgumentException($"expected {Count} weights, got {weights.Length}");
        }

        var sum = 0.0;
        foreach (var w in weights)
        {
            sum += w;
        }

        if (!(sum > 0) || !double.IsFinite(sum))
        {
            BuildUniform();
            return;
        }

        int smallCount = 0, largeCount = 0;
        var n = Count;
        for (var i = 0; i < n; i++)
        {
            var w = weights[i];
            _scaled[i] = (w > 0 ? w : 0) * n / sum;
            if (_scaled[i] < 1.0)
            {
                _small[smallCount++] = i;
            }
            else
            {
                _large[largeCount++] = i;
            }
        }

        while (smallCount > 0 && largeCount > 0)
        {
            var s = _small[--smallCount];
            var l = _large[--largeCount];
            _probability[s] = _scaled[s];
            _alias[s] = l;
            _scaled[l] = (_scaled[l] + _scaled[s]) - 1.0;
            if (_scaled[l] < 1.0)
            {
                _small[smallCount++] = l;
            }
            else
            {
                _large[largeCount++] = l;
            }
        }

        // What is left is exactly 1 up to rounding.
        while (largeCount > 0)
        {
            var l = _large[--largeCount];
            _probability[l] = 1.0;
            _alias[l] = l;
        }

        while (smallCount > 0)
        {
            var s = _small[--smallCount];
            _probability[s] = 1.0;
            _alias[s] = s;
        }
    }

    /// <summary>Probability of outcome <paramref name="index"/> implied by the table (for tests).</summary>
    public double ProbabilityOf(int index)
    {
        var p = 0.0;
        for (var i = 0; i < Count; i++)
        {
            if (i == index)
            {
                p += _probability[i];
            }

            if (_alias[i] == index)
            {
                p += 1.0 - _probability[i];
            }
        }

        return p / Count;
    }

    /// <summary>One draw: the high 32 bits pick the column, the low 32 bits the coin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(SeededRandom random)
    {
        var r = random.NextUInt64();
        var column = (int)(((r >> 32) * (ulong)Count) >> 32);
        var coin = (r & 0xFFFFFFFFUL) * (1.0 / 4294967296.0);
        return coin < _probability[column] ? column : _alias[column];
    }

    private void BuildUniform()
    {
        for (var i = 0; i < Count; i++)
        {
            _probability[i] = 1.0;
            _alias[i] = i;
        }
    }
}
