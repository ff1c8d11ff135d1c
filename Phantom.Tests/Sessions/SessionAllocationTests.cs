using Phantom.Streams.Events;
using Phantom.Streams.Sessions;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Sessions;

public class SessionAllocationTests
{
    [Fact]
    public void Apply_SteadyState_AllocatesNothing()
    {
        var table = new SessionTable(TestEvents.Model());
        var (record, template) = TestEvents.WithId("steady", EventName.PageView, TestEvents.T0);
        EventName[] names = [EventName.PageView, EventName.ViewItemPage, EventName.HoverOverLink, EventName.AddItemToCart, EventName.PageView];
        var time = TestEvents.T0;

        void Run(int rounds)
        {
            for (var r = 0; r < rounds; r++)
            {
                foreach (var name in names)
                {
                    var e = template;
                    e.Name = name;
                    e.ProductIndex = name == EventName.PageView ? -1 : r % 3;
                    e.BasePrice = 100;
                    e.TimestampMs = time += 1_500;
                    var entity = table.Apply(in e, record);
                    _ = entity.AgentProbability;
                    _ = entity.DetectorScore;
                }
            }
        }

        Run(10); // creates the entity and grows its small arrays to what this session needs
        var allocated = SteadyStateAllocations.Least(() => Run(1_000), rounds: 4);

        Assert.Equal(0, allocated);
        Assert.True(table.TryGet(template.SessionKey, out var steady));
        Assert.Equal(50 + (5 * 5_000), steady.Sequence); // our warm-up, then the helper's warm-up round and four measured ones
    }
}
