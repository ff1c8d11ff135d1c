using Phantom.Streams.Randomness;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class SessionMapTests
{
    [Fact]
    public void AddRemoveTryGet_RandomChurn_AgreesWithDictionary()
    {
        var random = new SeededRandom(3);
        var model = TestEvents.Model();
        var map = new SessionMap();
        var reference = new Dictionary<ulong, SessionEntity>();
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
                var entity = new SessionEntity(key, "k", model);
                map.Add(entity, lastEventMs: 0);
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
}
