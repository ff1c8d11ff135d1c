using Phantom.Streams.Agents;
using Phantom.Streams.Events;
using Phantom.Training.Simulation;

namespace Phantom.Tests.Training.Simulation;

public class TrajectoryScoreCacheTests
{
    [Fact]
    public void Score_CachedAndFullTrie_EqualReferenceF()
    {
        var options = new AgentOptions();
        var human = options.HumanKernel();
        var agent = options.AgentKernel();
        EventName[][] sequences =
        [
            [EventName.SessionStart, EventName.PageView, EventName.ViewItemPage, EventName.AddItemToCart, EventName.CheckoutStart],
            [EventName.SessionStart, EventName.PageView],
            [EventName.SessionStart, EventName.PageView, EventName.Search, EventName.SessionEnd],
        ];

        foreach (var maxNodes in new[] { 1, 3, 1 << 10 })
        {
            var cache = new TrajectoryScoreCache(human, agent, 1.0, 0.5, maxNodes);
            for (var round = 0; round < 2; round++)
            {
                foreach (var sequence in sequences)
                {
                    var node = TrajectoryScoreCache.Root;
                    foreach (var s in sequence)
                    {
                        node = cache.Advance(node, (int)s);
                    }

                    Assert.Equal(KernelDivergence.AgentProbability(sequence, human, agent, 1.0, 0.5), cache.Score(node, sequence));
                }
            }

            Assert.True(cache.NodeCount <= Math.Max(maxNodes, 1));
        }
    }
}
