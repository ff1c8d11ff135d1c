using System.Runtime.CompilerServices;

namespace Phantom.Streams.Sessions;

/// <summary>
/// Distinct 32-bit values, exact up to a limit and estimated beyond it: the first <c>limit</c> values are kept (linear
/// search over at most the limit, so O(1) in session length); values that arrive after that go into a
/// <see cref="DistinctSketch"/>. The first <see cref="InlineCapacity"/> values live inline in the owner and only later
/// ones in a heap array that continues them: a typical session allocates nothing here (one object fewer per live
/// session for the GC to copy, one dereference fewer per event). A mutable struct used in place as a field of its owner.
/// </summary>
internal partial struct BoundedUniqueSet
{
    private const int FirstCapacity = 4;
    private const int InlineCapacity = 6;
    private InlineItems _inline;
    private int[]? _more;
    private int _count;
    private DistinctSketch _overflow;

    /// <summary>Distinct values: exact while under the limit, then the tracked ones plus the sketch's estimate.</summary>
    public readonly double Count => _count + _overflow.Estimate;

    /// <summary>Adds a value; true when it is newly tracked exactly.</summary>
    public bool Add(int value, int limit)
    {
        var inline = Math.Min(_count, InlineCapacity);
        var beyond = _count - inline;
        if (((ReadOnlySpan<int>)_inline)[..inline].Contains(value) || (beyond > 0 && _more.AsSpan(0, beyond).Contains(value)))
        {
            return false;
        }

        if (_count >= limit)
        {
            _overflow.Add(value);
            return false;
        }

        if (_count < InlineCapacity)
        {
            _inline[_count++] = value;
            return true;
        }

        if (beyond == (_more?.Length ?? 0))
        {
            var grown = new int[Math.Min(limit - InlineCapacity, beyond + Math.Max(FirstCapacity, beyond / 2))];
            _more?.CopyTo(grown, 0);
            _more = grown;
        }

        _more![beyond] = value;
        _count++;
        return true;
    }

    [InlineArray(InlineCapacity)]
    private struct InlineItems
    {
        private int _first;
    }
}
