using Phantom.Streams.Collections;
using Phantom.Streams.Randomness;

namespace Phantom.Tests.Collections;

public class StampedTableTests
{
    [Fact]
    public void AddRemoveTryGet_RandomChurn_AgreesWithDictionary()
    {
        var random = new SeededRandom(3);
        var map = new StampedTable<ulong, string, IdentityHasher>();
        var reference = new Dictionary<ulong, string>();
        // Keys from a small range, shaped like one shard's keys (same residue of key >> 1 modulo 16), so probe runs
        // collide, wrap around and get deleted from the middle.
        for (var step = 0; step < 200_000; step++)
        {
            var key = ((ulong)random.NextInt(5_000) << 5) | 0b00110;
            if (reference.ContainsKey(key))
            {
                if (random.NextBool(0.5))
                {
                    Assert.True(map.Remove(key));
                    reference.Remove(key);
                }
                else
                {
                    Assert.True(map.TryGet(key, out var found));
                    Assert.Same(reference[key], found);
                }
            }
            else
            {
                Assert.False(map.TryGet(key, out _));
                Assert.False(map.Remove(key));
                var entity = $"value-{step}";
                map.Add(key, entity, stamp: step);
                reference.Add(key, entity);
            }

            Assert.Equal(reference.Count, map.Count);
        }

        foreach (var (key, entity) in reference)
        {
            Assert.True(map.TryGet(key, out var found));
            Assert.Same(entity, found);
        }
    }

    [Fact]
    public void Sweep_OnePassOverCapacity_RemovesExactlyTheStaleEntries()
    {
        var table = new StampedTable<ulong, int, IdentityHasher>();
        var random = new SeededRandom(5);
        var stale = new HashSet<ulong>();
        for (var i = 0; i < 1_000; i++)
        {
            var key = random.NextUInt64();
            var stamp = random.NextInt(200);
            table.Add(key, i, stamp);
            if (stamp < 100)
            {
                stale.Add(key);
            }
        }

        var retired = new List<int>();
        var sweeps = 0;
        while (table.Count > 1_000 - stale.Count && sweeps < table.Capacity)
        {
            table.Sweep(4, cutoff: 100, retired.Add);
            sweeps++;
        }

        Assert.Equal(stale.Count, retired.Count);
        // A removal re-examines its slot (a later entry may have shifted into it), so one pass costs Capacity + removals.
        Assert.True(sweeps <= ((table.Capacity + stale.Count) / 4) + 1, $"one pass should do: {sweeps} sweeps of 4 over {table.Capacity} slots");
        Assert.All(stale, key => Assert.False(table.TryGet(key, out _)));
        Assert.Equal(1_000 - stale.Count, table.Count);
    }

    [Fact]
    public void Set_ExistingKey_ReplacesValueAndStamp()
    {
        var table = new StampedTable<ulong, string, IdentityHasher>();
        table.Set(42, "a", stamp: 1);
        var slot = table.Set(42, "b", stamp: 9);

        Assert.Equal(1, table.Count);
        Assert.Equal("b", table.ValueAt(slot));
        Assert.Equal(9, table.StampAt(slot));
    }

    [Fact]
    public void Prefetch_PresentAndAbsentKeys_ChangesNothing()
    {
        var table = new StampedTable<ulong, int, IdentityHasher>();
        for (var k = 1UL; k <= 100; k++)
        {
            table.Add(k, (int)k, (long)k);
        }

        for (var k = 0UL; k <= 200; k++)
        {
            table.Prefetch(k);
        }

        Assert.Equal(100, table.Count);
        Assert.True(table.TryGet(42, out var value));
        Assert.Equal(42, value);
        Assert.False(table.TryGet(150, out _));
    }
}
