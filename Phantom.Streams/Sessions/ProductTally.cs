namespace Phantom.Streams.Sessions;

/// <summary>
/// Per-product counts within one session, for at most a bounded number of products (the first ones seen): events on
/// each and the session's own q̂ for it (Σ ω, as a float: sums of the configured weights are exact far beyond any
/// session's length). One int array holds ids, counts and demand bits side by side, to keep a session small.
/// Products beyond the limit are counted as distinct by a sketch but have no depth or demand of their own.
/// A mutable struct used in place as a field of its owner.
/// </summary>
internal struct ProductTally
{
    private const int FirstCapacity = 4;

    // [0, c): product indices; [c, 2c): events on each; [2c, 3c): float bits of its demand. c = capacity.
    private int[]? _slots;
    private int _count;
    private DistinctSketch _beyond;

    /// <summary>Most events on one tracked product.</summary>
    public int MaxEvents { get; private set; }

    /// <summary>Distinct products (estimated beyond the limit).</summary>
    public readonly double Distinct => _count + _beyond.Estimate;

    /// <summary>Counts one event of weight ω on a product.</summary>
    public void Add(int product, double weight, int limit)
    {
        _slots ??= new int[Math.Min(FirstCapacity, limit) * 3];
        var capacity = _slots.Length / 3;
        var index = _slots.AsSpan(0, _count).IndexOf(product);
        if (index < 0)
        {
            if (_count == limit)
            {
                _beyond.Add(product);
                return;
            }

            if (_count == capacity)
            {
                Grow(Math.Min(limit, capacity + Math.Max(FirstCapacity, capacity / 2)));
                capacity = _slots.Length / 3;
            }

            index = _count++;
            _slots[index] = product;
        }

        var events = ++_slots[capacity + index];
        MaxEvents = Math.Max(MaxEvents, events);
        ref var bits = ref _slots[(2 * capacity) + index];
        bits = BitConverter.SingleToInt32Bits(BitConverter.Int32BitsToSingle(bits) + (float)weight);
    }

    /// <summary>The session's q̂ for a product (0 when untracked).</summary>
    public readonly double Demand(int product)
    {
        if (_slots is null)
        {
            return 0;
        }

        var index = _slots.AsSpan(0, _count).IndexOf(product);
        return index < 0 ? 0 : BitConverter.Int32BitsToSingle(_slots[(2 * (_slots.Length / 3)) + index]);
    }

    /// <summary>Events on a product within the session (0 when untracked).</summary>
    public readonly int Events(int product)
    {
        if (_slots is null)
        {
            return 0;
        }

        var index = _slots.AsSpan(0, _count).IndexOf(product);
        return index < 0 ? 0 : _slots[(_slots.Length / 3) + index];
    }

    private void Grow(int capacity)
    {
        var old = _slots!;
        var oldCapacity = old.Length / 3;
        var grown = new int[capacity * 3];
        for (var part = 0; part < 3; part++)
        {
            old.AsSpan(part * oldCapacity, _count).CopyTo(grown.AsSpan(part * capacity));
        }

        _slots = grown;
    }
}
