namespace Phantom.Training.Simulation;

/// <summary>The reward of section 5 with the options' weights (λ_coi as in effect for the mode).</summary>
public sealed class RewardFunction
{
    private readonly double _w;
    private readonly double _lambdaCoi;
    private readonly double _infoValue;
    private readonly double _etaUx;
    private readonly double _supraReference;
    private readonly double _cost;

    public RewardFunction(SimulatorOptions options)
    {
        _w = options.ProfitWeight;
        _lambdaCoi = options.EffectiveLambdaCoi;
        _infoValue = options.InfoValue;
        _etaUx = options.EtaUx;
        _supraReference = options.SupraReference;
        _cost = options.MarginalCost;
    }

    /// <summary>The price-only parts: v = mean |Δp/p_prev|, u = mean max(Δp/p_prev, 0), s = mean max(0, p/ref − 1)².</summary>
    public PriceMovement Movement(ReadOnlySpan<double> prices, ReadOnlySpan<double> previousPrices)
    {
        double v = 0, u = 0, s = 0;
        for (var i = 0; i < prices.Length; i++)
        {
            var change = (prices[i] - previousPrices[i]) / previousPrices[i];
            v += Math.Abs(change);
            u += change > 0 ? change : 0;
            var over = (prices[i] / _supraReference) - 1.0;
            s += over > 0 ? over * over : 0;
        }

        var n = prices.Length;
        return new PriceMovement(v / n, u / n, s / n);
    }

    /// <summary>The reward for demand <paramref name="demand"/> at <paramref name="prices"/> with agent probability f.</summary>
    public RewardTerms Compute(ReadOnlySpan<double> prices, ReadOnlySpan<double> demand, double agentProbability, PriceMovement movement)
    {
        double revenue = 0, cost = 0;
        for (var i = 0; i < prices.Length; i++)
        {
            revenue += prices[i] * demand[i];
            cost += _cost * demand[i];
        }

        var b = Math.Max(cost, 1.0);
        return new RewardTerms(
            revenue,
            cost,
            _w * (revenue - cost),
            _lambdaCoi * agentProbability * _infoValue * b,
            _etaUx * b * (movement.Volatility + (0.5 * movement.UpwardVolatility)),
            0.5 * _etaUx * b * movement.SupraShare);
    }

    /// <summary>Convenience for one-off evaluations (tests, diagnostics).</summary>
    public RewardTerms Compute(ReadOnlySpan<double> prices, ReadOnlySpan<double> previousPrices, ReadOnlySpan<double> demand, double agentProbability) =>
        Compute(prices, demand, agentProbability, Movement(prices, previousPrices));
}
