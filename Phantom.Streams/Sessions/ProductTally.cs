using System.Runtime.CompilerServices;

namespace Phantom.Streams.Sessions;

/// <summary>
/// Per-product counts within one session, for at most a bounded number of products (the first ones seen): events on
/// each and the session's own q̂ for it (Σ ω, as a float: sums of the configured weights are exact far beyond any
/// session's length). Products beyond the limit are counted as distinct by a sketch but have no depth or demand of
/// their own. The first <see cref="InlineCapacity"/> products live inline in the owner (most sessions name one or two)
/// and only later ones in one int array that continues them: no object per session for the GC to copy, no
/// dereference per event. A mutable struct used in place as a field of its owner.
/// </summary>
internal partial struct ProductTally
{
    private const int FirstCapacity = 4;
    private const int InlineCapacity = 2;

    private InlineInts _ids;
    private InlineInts _events;
    private InlineInts _demandBits;

    // Products beyond the inline ones, c = capacity: [0, c) product indices; [c, 2c) events on each; [2c, 3c) float
    // bits of its demand.
    private int[]? _more;
    private int _count;
    private DistinctSketch _beyond;

    /// <summary>Most events on one tracked product.</summary>
    public int MaxEvents { get; private set; }

    /// <summary>Distinct products (estimated beyond the limit).</summary>
    public readonly double Distinct => _count + _beyond.Estimate;

    /// <summary>Counts one event of weight ω on a product.</summary>
    public void Add(int product, double weight, int limit)
    {
        var index = IndexOf(product);
        if (index < 0)
        {
            if (_count >= limit)
            {
                _beyond.Add(product);
                return;
            }

            index = _count++;
            if (index < InlineCapacity)
            {
                _ids[index] = product;
            }
            else
            {
                var beyond = index - InlineCapacity;
                var capacity = (_more?.Length ?? 0) / 3;
                if (beyond == capacity)
                {
                    Grow(Math.Min(limit - InlineCapacity, capacity + Math.Max(FirstCapacity, capacity / 2)), beyond);
                }

                _more![beyond] = product;
            }
        }

        ref var events = ref EventsAt(index);
        MaxEvents = Math.Max(MaxEvents, ++events);
        ref var bits = ref DemandBitsAt(index);
        bits = BitConverter.SingleToInt32Bits(BitConverter.Int32BitsToSingle(bits) + (float)weight);
    }

    /// <summary>The session's q̂ for a product (0 when untracked).</summary>
    public readonly double Demand(int product)
    {
        var index = IndexOf(product);
        return index < 0 ? 0 : BitConverter.Int32BitsToSingle(index < InlineCapacity ? _demandBits[index] : _more![(2 * (_more.Length / 3)) + index - InlineCapacity]);
    }

    /// <summary>Events on a product within the session (0 when untracked).</summary>
    public readonly int Events(int product)
    {
        var index = IndexOf(product);
        return index < 0 ? 0 : index < InlineCapacity ? _events[index] : _more![(_more.Length / 3) + index - InlineCapacity];
    }

    /// <summary>The tracked position of a product, or -1.</summary>
    private readonly int IndexOf(int product)
    {
        var inline = Math.Min(_count, InlineCapacity);
        var index = ((ReadOnlySpan<int>)_ids)[..inline].IndexOf(product);
        if (index >= 0 || _count <= InlineCapacity)
        {
            return index;
        }

        index = _more.AsSpan(0, _count - InlineCapacity).IndexOf(product);
        return index < 0 ? -1 : InlineCapacity + index;
    }

    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    private ref int EventsAt(int index) =>
        ref index < InlineCapacity ? ref _events[index] : ref _more![(_more.Length / 3) + index - InlineCapacity];

    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    private ref int DemandBitsAt(int index) =>
        ref index < InlineCapacity ? ref _demandBits[index] : ref _more![(2 * (_more.Length / 3)) + index - InlineCapacity];

    private void Grow(int capacity, int used)
    {
        var grown = new int[capacity * 3];
        if (_more is { } old)
        {
            var oldCapacity = old.Length / 3;
            for (var part = 0; part < 3; part++)
            {
                old.AsSpan(part * oldCapacity, used).CopyTo(grown.AsSpan(part * capacity));
            }
        }

        _more = grown;
    }

    [InlineArray(InlineCapacity)]
    private struct InlineInts
    {
        private int _first;
    }
}
