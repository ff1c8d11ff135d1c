namespace Phantom.Streams.Sessions;

/// <summary>
/// Distinct 32-bit values, exact up to a limit and estimated beyond it: the first <c>limit</c> values are kept in a
/// small array (linear search over at most the limit, so O(1) in session length); values that arrive after it is full
/// go into a 64-bit linear-counting sketch. A mutable struct used in place as a field of its owner.
/// </summary>
internal struct BoundedUniqueSet
{
    private const int FirstCapacity = 4;
    private int[]? _items;
    private int _count;
    private ulong _overflow;

    /// <summary>Distinct values: exact while under the limit, then the tracked ones plus the sketch's estimate.</summary>
    public readonly double Count => _count + OverflowEstimate();

    /// <summary>Adds a value; true when it is newly tracked exactly.</summary>
    public bool Add(int value, int limit)
    {
        _items ??= limit == 0 ? [] : new int[Math.Min(FirstCapacity, limit)];
        if (_items.AsSpan(0, _count).Contains(value))
        {
            return false;
        }

        if (_count == limit)
        {
            _overflow |= 1UL << (int)(((uint)value * 0x9E3779B1u) >> 26);
            return false;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Min(limit, _items.Length + Math.Max(FirstCapacity, _items.Length / 2)));
        }

        _items[_count++] = value;
        return true;
    }

    private readonly double OverflowEstimate()
    {
        if (_overflow == 0)
        {
            return 0;
        }

        var zeros = 64 - System.Numerics.BitOperations.PopCount(_overflow);
        // Linear counting: n ≈ −m·ln(zeros/m); a full sketch saturates at m·ln m.
        return zeros == 0 ? 64 * Math.Log(64) : -64 * Math.Log(zeros / 64.0);
    }
}
