using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class BoundedUniqueSetTests
{
    [Fact]
    public void Add_ValuesAcrossInlineAndHeapParts_NewOnlyOnFirstSight()
    {
        // Up to 30 distinct values repeated: the inline part fills, the array continues it and grows.
        var set = default(BoundedUniqueSet);
        var seen = new HashSet<int>();
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            var value = random.Next(0, 30) * 7919;
            Assert.Equal(seen.Add(value), set.Add(value, limit: 64));
        }

        Assert.Equal(seen.Count, set.Count);
    }
}
