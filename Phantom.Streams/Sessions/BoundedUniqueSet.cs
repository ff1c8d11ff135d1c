namespace Phantom.Streams.Sessions;

/// <summary>
/// Distinct 32-bit values, exact up to a limit and estimated beyond it: the first <c>limit</c> values are kept in a
/// small array (linear search over at most the limit, so O(1) in session length); values that arrive after it is full
/// go into a <see cref="DistinctSketch"/>. A mutable struct used in place as a field of its owner.
/// </summary>
internal struct BoundedUniqueSet
{
    private const int FirstCapacity = 4;
    private int[]? _items;
    private int _count;
    private DistinctSketch _overflow;

    /// <summary>Distinct values: exact while under the limit, then the tracked ones plus the sketch's estimate.</summary>
    public readonly double Count => _count + _overflow.Estimate;

    /// <summary>Adds a value; true when it is newly tracked exactly.</summary>
    public bool Add(int value, int limit)
    {
        _items ??= new int[Math.Min(FirstCapacity, limit)];
        if (_items.AsSpan(0, _count).Contains(value))
        {
            return false;
        }

        if (_count == limit)
        {
            _overflow.Add(value);
            return false;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Min(limit, _items.Length + Math.Max(FirstCapacity, _items.Length / 2)));
        }

        _items[_count++] = value;
        return true;
    }
}
