using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>The static tier: scale 1.0 always (prices stay where the episode started).</summary>
public sealed class StaticPolicy : IPricingAgent
{
    private readonly int _neutral;

    public StaticPolicy(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _neutral = ActionScales.Nearest(options.ActionScales(), 1.0);
    }

    public string Name => "static";

    public void Train(MarketSimulator environment, long timesteps, long seed)
    {
    }

    public int Act(ReadOnlySpan<double> observation) => _neutral;
}
