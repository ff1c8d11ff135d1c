using Phantom.Streams.Randomness;
using Phantom.Training.Policies;
using Phantom.Training.Simulation;

namespace Phantom.Training.Explain;

/// <summary>
/// Observations from episodes of the market simulator: the policy acts, except that with probability
/// <see cref="ExploreShare"/> a uniformly random action is taken instead, so the samples cover the states the policy
/// visits and their neighbourhood (a tree fitted only on the policy's own path would say nothing about the rest).
/// </summary>
public sealed class SimulatorObservationSampler : IObservationSampler
{
    private readonly MarketSimulator _simulator;

    public SimulatorObservationSampler(MarketSimulator simulator, double exploreShare = 0.3)
    {
        _simulator = simulator ?? throw new ArgumentNullException(nameof(simulator));
        ArgumentOutOfRangeException.ThrowIfNegative(exploreShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exploreShare, 1.0);
        ExploreShare = exploreShare;
    }

    public double ExploreShare { get; }

    public int ProductCount => _simulator.ProductCount;

    public IReadOnlyList<double[]> Sample(IPricingAgent policy, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var episodes = new SeededRandom(seed);
        var explore = episodes.Fork();
        var samples = new List<double[]>(count);
        _simulator.Reset((long)episodes.NextUInt64());
        while (samples.Count < count)
        {
            var observation = _simulator.Observation.ToArray();
            samples.Add(observation);
            var action = explore.NextDouble() < ExploreShare ? explore.NextInt(_simulator.ActionCount) : policy.Act(observation);
            if (_simulator.Step(action).Done)
            {
                _simulator.Reset((long)episodes.NextUInt64());
            }
        }

        return samples;
    }
}
