namespace Phantom.Streams.Generation;

/// <summary>
/// A binary min-heap of session slots by their next event time (ties by slot index, so the order is fully
/// deterministic). Fixed size: every slot is always in the heap, so the generator only ever replaces the top.
/// </summary>
internal sealed class EventTimeHeap
{
    private readonly long[] _times;
    private readonly int[] _slots;

    public EventTimeHeap(int capacity)
    {
        _times = new long[capacity];
        _slots = new int[capacity];
    }

    public int Count { get; private set; }

    public int TopSlot => _slots[0];

    public long TopTime => _times[0];

    public void Push(int slot, long time)
    {
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Less(time, slot, _times[parent], _slots[parent]))
            {
                break;
            }

            _times[i] = _times[parent];
            _slots[i] = _slots[parent];
            i = parent;
        }

        _times[i] = time;
        _slots[i] = slot;
    }

    /// <summary>Gives the top slot a new time and restores the heap order.</summary>
    public void ReplaceTop(long time)
    {
        var slot = _slots[0];
        var count = Count;
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            var right = child + 1;
            if (right < count && Less(_times[right], _slots[right], _times[child], _slots[child]))
            {
                child = right;
            }

            if (!Less(_times[child], _slots[child], time, slot))
            {
                break;
            }

            _times[i] = _times[child];
            _slots[i] = _slots[child];
            i = child;
        }

        _times[i] = time;
        _slots[i] = slot;
    }

    private static bool Less(long timeA, int slotA, long timeB, int slotB) => timeA < timeB || (timeA == timeB && slotA < slotB);
}
