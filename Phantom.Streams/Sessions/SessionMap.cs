using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phantom.Streams.Sessions;

/// <summary>
/// Open-addressing map from session key to entity whose slots hold the key and the entity's last event time beside
/// the reference. A lookup probes only this one contiguous array (at hundreds of thousands of live sessions every
/// entity dereference is a cache miss, so probing through entities would cost one miss per probe step), and the
/// passivation sweep reads last-event times in slot order without touching idle-candidates' objects until one is due.
/// Linear probing with backward-shift deletion (no tombstones, so lookups stay short under churn). Slots come from a
/// multiplicative hash of the key: the low bits of keys routed to one shard are correlated (the shard is
/// <c>(key &gt;&gt; 1) % partitions</c>), so they are never used directly. Single writer.
/// </summary>
internal sealed class SessionMap
{
    private const double MaxLoad = 0.75;
    private Slot[] _slots = new Slot[16];
    private int _shift = 64 - 4;
    private int _cursor;

    public int Count { get; private set; }

    public int Capacity => _slots.Length;

    public bool TryGet(ulong key, out SessionEntity entity)
    {
        var index = Find(key);
        entity = index >= 0 ? _slots[index].Entity! : null!;
        return index >= 0;
    }

    /// <summary>The slot holding <paramref name="key"/>, or -1. Valid until the next add or remove.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ulong key)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Entity is null)
            {
                return -1;
            }

            if (slot.Key == key)
            {
                return i;
            }
        }
    }

    public SessionEntity EntityAt(int index) => _slots[index].Entity!;

    /// <summary>Records the entity's newest event time in its slot, where the passivation sweep reads it.</summary>
    public void Touch(int index, long lastEventMs) => _slots[index].LastEventMs = lastEventMs;

    /// <summary>Adds an entity whose key is not present; returns its slot.</summary>
    public int Add(SessionEntity entity, long lastEventMs)
    {
        if (Count + 1 > _slots.Length * MaxLoad)
        {
            Resize(_slots.Length * 2);
        }

        Count++;
        return Place(_slots, entity.Key, lastEventMs, entity);
    }

    public bool Remove(ulong key)
    {
        var hole = Find(key);
        if (hole < 0)
        {
            return false;
        }

        RemoveAt(hole);
        return true;
    }

    /// <summary>
    /// Examines the next <paramref name="slots"/> slots of a sweep that cycles through the table and removes entities
    /// whose last event is older than <paramref name="idleBefore"/>, handing each to <paramref name="passivate"/>.
    /// Every live entity is examined once per <see cref="Capacity"/> slots swept, so with a few slots per event an
    /// idle entity leaves within about Capacity / slots events of falling due.
    /// </summary>
    public int Sweep(int slots, long idleBefore, Action<SessionEntity> passivate)
    {
        var removed = 0;
        for (var examined = 0; examined < slots && Count > 0; examined++)
        {
            var index = _cursor;
            ref var slot = ref _slots[index];
            if (slot.Entity is { } entity && slot.LastEventMs < idleBefore)
            {
                RemoveAt(index);
                passivate(entity);
                removed++;
                continue; // backward shift may have moved a later entry into this slot: look at it again
            }

            _cursor = (index + 1) & (_slots.Length - 1);
        }

        return removed;
    }

    /// <summary>Removes and hands over every entity (optionally only those idle before <paramref name="idleBefore"/>).</summary>
    public int RemoveAll(long idleBefore, Action<SessionEntity> passivate)
    {
        var removed = 0;
        for (var i = 0; i < _slots.Length;)
        {
            if (_slots[i].Entity is { } entity && _slots[i].LastEventMs < idleBefore)
            {
                RemoveAt(i);
                passivate(entity);
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
        for (var j = (hole + 1) & mask; _slots[j].Entity is not null; j = (j + 1) & mask)
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
        Count--;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private int Place(Slot[] slots, ulong key, long lastEventMs, SessionEntity entity)
    {
        var mask = slots.Length - 1;
        var i = Home(key);
        while (slots[i].Entity is not null)
        {
            i = (i + 1) & mask;
        }

        slots[i] = new Slot { Key = key, LastEventMs = lastEventMs, Entity = entity };
        return i;
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = new Slot[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
        _cursor = 0;
        foreach (ref readonly var slot in old.AsSpan())
        {
            if (slot.Entity is not null)
            {
                Place(_slots, slot.Key, slot.LastEventMs, slot.Entity);
            }
        }
    }

    private struct Slot
    {
        public ulong Key;
        public long LastEventMs;
        public SessionEntity? Entity;
    }
}
