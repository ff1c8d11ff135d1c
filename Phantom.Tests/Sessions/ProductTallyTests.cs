using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class ProductTallyTests
{
    [Fact]
    public void Add_ProductsAcrossInlineAndHeapParts_CountsAndDemandMatchReference()
    {
        // Enough products, revisited in random order, to fill the inline part, spill into the array and regrow it.
        const int limit = 20;
        var random = new Random(5);
        var tally = default(ProductTally);
        var events = new Dictionary<int, int>();
        var demand = new Dictionary<int, float>();
        for (var i = 0; i < 400; i++)
        {
            var product = random.Next(0, limit);
            var weight = random.Next(0, 4) * 0.5;
            tally.Add(product, weight, limit);
            events[product] = events.GetValueOrDefault(product) + 1;
            demand[product] = demand.GetValueOrDefault(product) + (float)weight;
        }

        Assert.Equal(events.Count, tally.Distinct);
        Assert.Equal(events.Values.Max(), tally.MaxEvents);
        foreach (var (product, count) in events)
        {
            Assert.Equal(count, tally.Events(product));
            Assert.Equal(demand[product], tally.Demand(product));
        }

        Assert.Equal(0, tally.Events(limit + 1));
    }
}
