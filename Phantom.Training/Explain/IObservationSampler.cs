using Phantom.Training.Policies;

namespace Phantom.Training.Explain;

/// <summary>Where a distillation's observations come from (the market simulator, or a fixed set in tests).</summary>
public interface IObservationSampler
{
    /// <summary>Products per observation (the observation has 2n + 4 entries).</summary>
    int ProductCount { get; }

    /// <summary>
    /// <paramref name="count"/> observations, deterministic for <paramref name="seed"/>. Samplers that roll out may
    /// follow <paramref name="policy"/> so the samples cover the states it actually visits.
    /// </summary>
    IReadOnlyList<double[]> Sample(IPricingAgent policy, int count, long seed);
}
