using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>The surge tier of section 6: ×up when mean q̃ ≥ high, ×down when mean q̃ ≤ low, else 1.0.</summary>
public sealed class SurgePolicy : IPricingAgent
{
    private readonly int _up;
    private readonly int _down;
    private readonly int _neutral;
    private readonly double _high;
    private readonly double _low;

    public SurgePolicy(SimulatorOptions options, double high = 60, double low = 30, double up = 1.10, double down = 0.90)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scales = options.ActionScales();
        _up = ActionScales.Nearest(scales, up);
        _down = ActionScales.Nearest(scales, down);
        _neutral = ActionScales.Nearest(scales, 1.0);
        _high = high;
        _low = low;
    }

    public string Name => "surge";

    public void Train(MarketSimulator environment, long timesteps, long seed)
    {
    }

    public int Act(ReadOnlySpan<double> observation)
    {
        var meanDemand = SimulatorObservation.Mean(SimulatorObservation.Demand(observation));
        return meanDemand >= _high ? _up : meanDemand <= _low ? _down : _neutral;
    }
}
