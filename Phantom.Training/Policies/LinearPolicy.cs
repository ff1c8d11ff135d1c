using Phantom.Streams.Randomness;
using Phantom.Training.Simulation;

namespace Phantom.Training.Policies;

/// <summary>
/// The linear tier of section 6: random warm-up actions, an OLS line q = a + b·p over (mean price, mean q̃) per step,
/// then the revenue-optimal price p* = clip(−a/2b, min, max) when b &lt; −1e-6 (else a fixed fallback), acting with the
/// scale closest to p*/mean p.
/// </summary>
public sealed class LinearPolicy : IPricingAgent
{
    private readonly double[] _scales;
    private readonly double _priceMin;
    private readonly double _priceMax;
    private readonly int _warmupSteps;
    private readonly double _fallbackPrice;

    public LinearPolicy(SimulatorOptions options, int warmupSteps = 800, double fallbackPrice = 80)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        _scales = options.ActionScales();
        _priceMin = options.PriceMin;
        _priceMax = options.PriceMax;
        _warmupSteps = warmupSteps;
        _fallbackPrice = fallbackPrice;
        TargetPrice = fallbackPrice;
    }

    public string Name => "linear";

    /// <summary>The fitted demand line (after <see cref="Train"/>).</summary>
    public LinearFit Fit { get; private set; }

    /// <summary>The price the tier steers the mean price towards.</summary>
    public double TargetPrice { get; private set; }

    /// <summary>Runs the warm-up (its own fixed length; <paramref name="timesteps"/> does not change it) and fits the line.</summary>
    public void Train(MarketSimulator environment, long timesteps, long seed)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var random = new SeededRandom(seed);
        var prices = new double[_warmupSteps];
        var demand = new double[_warmupSteps];
        environment.Reset((long)random.NextUInt64());
        for (var t = 0; t < _warmupSteps; t++)
        {
            var result = environment.Step(random.NextInt(environment.ActionCount));
            var observation = environment.Observation;
            prices[t] = SimulatorObservation.Mean(SimulatorObservation.Prices(observation));
            demand[t] = SimulatorObservation.Mean(SimulatorObservation.Demand(observation));
            if (result.Done)
            {
                environment.Reset((long)random.NextUInt64());
            }
        }

        SetLine(LinearFit.Fit(prices, demand));
    }

    /// <summary>Sets the demand line directly and derives the target price (also what <see cref="Train"/> ends with).</summary>
    public void SetLine(LinearFit fit)
    {
        Fit = fit;
        TargetPrice = OptimalPrice(fit, _priceMin, _priceMax, _fallbackPrice);
    }

    /// <summary>p* = clip(−a/2b, min, max) when b &lt; −1e-6, else <paramref name="fallback"/>.</summary>
    public static double OptimalPrice(LinearFit fit, double priceMin, double priceMax, double fallback) =>
        fit.Slope < -1e-6 ? Math.Clamp(-fit.Intercept / (2 * fit.Slope), priceMin, priceMax) : fallback;

    public int Act(ReadOnlySpan<double> observation)
    {
        var meanPrice = SimulatorObservation.Mean(SimulatorObservation.Prices(observation));
        return ActionScales.Nearest(_scales, TargetPrice / Math.Max(meanPrice, 1e-9));
    }
}
