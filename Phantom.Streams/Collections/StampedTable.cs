using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Phantom.Streams.Collections;

/// <summary>
/// An open-addressing hash table whose slots hold key, value and a stamp (an event time) side by side: lookups probe
/// one contiguous array and never dereference values (at hundreds of thousands of entries every dereference is a
/// cache miss), and a sweep cursor retires entries whose stamp fell behind a cut-off, reading stamps in slot order
/// and touching nothing else until an entry is due. Linear probing with backward-shift deletion (no tombstones, so
/// probe runs stay short under churn); the home slot takes the high bits of a multiplicative hash, since keys routed
/// to one shard share low bits. Single writer; readers on other threads must hold the writer's lock.
/// </summary>
public sealed class StampedTable<TKey, TValue, THasher>
    where TKey : struct, IEquatable<TKey>
    where THasher : struct, IKeyHasher<TKey>
{
    private const double MaxLoad = 0.8;

    // A slot is empty when its stamp is this; real stamps are clamped above it, which keeps slots at 24 bytes for a
    // reference value (no occupancy flag to pad).
    private const long Vacant = long.MinValue;
    private Slot[] _slots = NewSlots(16);
    private int _shift = 64 - 4;
    private int _cursor;

    public int Count { get; private set; }

    public int Capacity => _slots.Length;

    /// <summary>The slot holding <paramref name="key"/>, or -1. Valid until the next add or remove.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(TKey key)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Stamp == Vacant)
            {
                return -1;
            }

            if (slot.Key.Equals(key))
            {
                return i;
            }
        }
    }

    /// <summary>Asks the CPU to start loading the home slot of <paramref name="key"/> (a hint: no effect on contents).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(TKey key)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref _slots[Home(key)]));
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        var index = Find(key);
        value = index >= 0 ? _slots[index].Value : default!;
        return index >= 0;
    }

    /// <summary>The value in a slot from <see cref="Find"/>, by reference (valid until the next add or remove).</summary>
    public ref TValue ValueAt(int index) => ref _slots[index].Value;

    public long StampAt(int index) => _slots[index].Stamp;

    public void Stamp(int index, long stamp) => _slots[index].Stamp = Occupied(stamp);

    /// <summary>
    /// The key in slot <paramref name="index"/> (0 to <see cref="Capacity"/> - 1), or false for an empty slot: lets a
    /// caller run its own sweep whose expiry depends on more than the entry's stamp (another table's entry).
    /// </summary>
    public bool TryGetKeyAt(int index, out TKey key)
    {
        ref readonly var slot = ref _slots[index];
        key = slot.Key;
        return slot.Stamp != Vacant;
    }

    /// <summary>Adds a key that is not present; returns its slot.</summary>
    public int Add(TKey key, TValue value, long stamp)
    {
        if (Count + 1 > _slots.Length * MaxLoad)
        {
            Resize(_slots.Length * 2);
        }

        Count++;
        return Place(_slots, new Slot { Key = key, Stamp = Occupied(stamp), Value = value });
    }

    /// <summary>Sets the value and stamp of a key, adding it if absent; returns its slot.</summary>
    public int Set(TKey key, TValue value, long stamp)
    {
        var index = Find(key);
        if (index < 0)
        {
            return Add(key, value, stamp);
        }

        ref var slot = ref _slots[index];
        slot.Value = value;
        slot.Stamp = Occupied(stamp);
        return index;
    }

    public bool Remove(TKey key)
    {
        var index = Find(key);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    /// <summary>
    /// Examines the next <paramref name="slots"/> slots of a sweep that cycles through the table, removing entries
    /// stamped before <paramref name="cutoff"/> and handing each value to <paramref name="retire"/> (may be null).
    /// Every entry is examined once per <see cref="Capacity"/> slots swept.
    /// </summary>
    public int Sweep(int slots, long cutoff, Action<TValue>? retire)
    {
        var removed = 0;
        for (var examined = 0; examined < slots && Count > 0; examined++)
        {
            var index = _cursor;
            ref var slot = ref _slots[index];
            if (slot.Stamp != Vacant && slot.Stamp < cutoff)
            {
                var value = slot.Value;
                RemoveAt(index);
                retire?.Invoke(value);
                removed++;
                continue; // backward shift may have moved a later entry into this slot: look at it again
            }

            _cursor = (index + 1) & (_slots.Length - 1);
        }

        return removed;
    }

    /// <summary>
    /// Hands every present value to <paramref name="visit"/>, in slot order, without changing anything. From the writer's
    /// thread the view is exact; a reader on another thread (a dashboard's periodic sweep) gets a memory-safe but
    /// approximate view: an entry moved or removed while the walk passes may be seen twice or not at all.
    /// </summary>
    public void ForEachValue(Action<TValue> visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var slots = Volatile.Read(ref _slots);
        for (var i = 0; i < slots.Length; i++)
        {
            var value = slots[i].Value;
            if (slots[i].Stamp != Vacant && value is not null)
            {
                visit(value);
            }
        }
    }

    /// <summary>Removes every entry stamped before <paramref name="cutoff"/> (all with <see cref="long.MaxValue"/>).</summary>
    public int RemoveAll(long cutoff, Action<TValue>? retire)
    {
        var removed = 0;
        for (var i = 0; i < _slots.Length;)
        {
            ref var slot = ref _slots[i];
            if (slot.Stamp != Vacant && slot.Stamp < cutoff)
            {
                var value = slot.Value;
                RemoveAt(i);
                retire?.Invoke(value);
                removed++;
                continue; // as in Sweep: the hole may have been refilled from later in the run
            }

            i++;
        }

        return removed;
    }

    private void RemoveAt(int hole)
    {
        var mask = _slots.Length - 1;

        // Backward shift: move later members of the probe run into the hole when their home does not lie
        // cyclically in (hole, j], so every remaining entry stays reachable from its home without tombstones.
        for (var j = (hole + 1) & mask; _slots[j].Stamp != Vacant; j = (j + 1) & mask)
        {
            var home = Home(_slots[j].Key);
            var reachable = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!reachable)
            {
                _slots[hole] = _slots[j];
                hole = j;
            }
        }

        _slots[hole] = default;
        _slots[hole].Stamp = Vacant;
        Count--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(TKey key) => (int)((default(THasher).Hash(key) * 0x9E3779B97F4A7C15UL) >> _shift);

    private int Place(Slot[] slots, in Slot entry)
    {
        var mask = slots.Length - 1;
        var i = Home(entry.Key);
        while (slots[i].Stamp != Vacant)
        {
            i = (i + 1) & mask;
        }

        slots[i] = entry;
        return i;
    }

    private static long Occupied(long stamp) => stamp == Vacant ? Vacant + 1 : stamp;

    private static Slot[] NewSlots(int capacity)
    {
        var slots = new Slot[capacity];
        foreach (ref var slot in slots.AsSpan())
        {
            slot.Stamp = Vacant;
        }

        return slots;
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = NewSlots(capacity);
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _cursor = 0;
        foreach (ref readonly var slot in old.AsSpan())
        {
            if (slot.Stamp != Vacant)
            {
                Place(_slots, slot);
            }
        }
    }

    private struct Slot
    {
        public TKey Key;
        public long Stamp;
        public TValue Value;
    }
}
