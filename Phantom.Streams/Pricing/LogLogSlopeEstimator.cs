namespace Phantom.Streams.Pricing;

/// <summary>
/// Running ordinary least squares of ln(demand) on ln(price): the slope is the price elasticity of demand ε. Keeps
/// only the five sums, so an observation is O(1) and memory is constant. Pairs with a non-positive or non-finite
/// price or demand are skipped (their logarithm does not exist), so zero-demand steps never poison the fit.
/// </summary>
public sealed class LogLogSlopeEstimator
{
    private double _sumX;
    private double _sumY;
    private double _sumXx;
    private double _sumXy;

    /// <summary>Pairs accepted so far.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one (price, demand) pair; false when it was skipped.</summary>
    public bool Add(double price, double demand)
    {
        if (!(price > 0) || !(demand > 0) || !double.IsFinite(price) || !double.IsFinite(demand))
        {
            return false;
        }

        var x = Math.Log(price);
        var y = Math.Log(demand);
        Count++;
        _sumX += x;
        _sumY += y;
        _sumXx += x * x;
        _sumXy += x * y;
        return true;
    }

    /// <summary>
    /// The OLS slope b of ln q = a + b·ln p; false with fewer than two pairs or when the prices do not vary (the slope
    /// is then undefined, e.g. under a policy that never moved the price).
    /// </summary>
    public bool TryGetSlope(out double slope)
    {
        var n = (double)Count;
        var sxx = (n * _sumXx) - (_sumX * _sumX);
        // Relative tolerance: cancellation leaves ~1e-12 of n·Σx² even when every price was identical.
        if (Count < 2 || !(sxx > 1e-9 * Math.Max(1.0, n * _sumXx)))
        {
            slope = double.NaN;
            return false;
        }

        slope = ((n * _sumXy) - (_sumX * _sumY)) / sxx;
        return double.IsFinite(slope);
    }
}
