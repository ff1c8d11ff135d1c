using System.Numerics;

namespace Phantom.Streams.Sessions;

/// <summary>
/// Open-addressing map from session key to entity that stores only the entity references (the key lives in the entity):
/// 8 bytes a slot at a load factor of at most 0.8, against about 50 for a <see cref="Dictionary{TKey, TValue}"/>
/// entry at this size, which matters at hundreds of thousands of live sessions. Linear probing with backward-shift
/// deletion (no tombstones, so lookups stay short under churn). Slots come from a multiplicative hash of the key: the
/// low bits of keys routed to one shard are correlated (the shard is <c>(key &gt;&gt; 1) % partitions</c>), so they
/// are never used directly. Single writer.
/// </summary>
internal sealed class SessionMap
{
    private const double MaxLoad = 0.8;
    private SessionEntity?[] _slots = new SessionEntity?[16];
    private int _shift = 64 - 4;

    public int Count { get; private set; }

    public bool TryGet(ulong key, out SessionEntity entity)
    {
        var mask = _slots.Length - 1;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot is null)
            {
                entity = null!;
                return false;
            }

            if (slot.Key == key)
            {
                entity = slot;
                return true;
            }
        }
    }

    /// <summary>Adds an entity whose key is not in the map.</summary>
    public void Add(SessionEntity entity)
    {
        if (Count + 1 > _slots.Length * MaxLoad)
        {
            Resize(_slots.Length * 2);
        }

        Place(_slots, entity);
        Count++;
    }

    public bool Remove(ulong key)
    {
        var mask = _slots.Length - 1;
        var hole = Home(key);
        while (true)
        {
            var slot = _slots[hole];
            if (slot is null)
            {
                return false;
            }

            if (slot.Key == key)
            {
                break;
            }

            hole = (hole + 1) & mask;
        }

        // Backward shift: move later members of the probe run into the hole when their home does not lie
        // cyclically in (hole, j], so every remaining entry stays reachable from its home without tombstones.
        for (var j = (hole + 1) & mask; _slots[j] is { } moved; j = (j + 1) & mask)
        {
            var home = Home(moved.Key);
            var reachable = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!reachable)
            {
                _slots[hole] = moved;
                hole = j;
            }
        }

        _slots[hole] = null;
        Count--;
        return true;
    }

    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Place(SessionEntity?[] slots, SessionEntity entity)
    {
        var mask = slots.Length - 1;
        var i = Home(entity.Key);
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        slots[i] = entity;
    }

    private void Resize(int capacity)
    {
        var old = _slots;
        _slots = new SessionEntity?[capacity];
        _shift = 64 - BitOperations.Log2((uint)capacity);
        foreach (var entity in old)
        {
            if (entity is not null)
            {
                Place(_slots, entity);
            }
        }
    }
}
