using Phantom.Streams.Randomness;

namespace Phantom.Streams.Generation;

/// <summary>
/// Draws the product a session looks at from one class's demand over one store's products (PHANTOM-MODEL.md
/// section 5): valuations v_i ~ N(μ, σ), d_i = max(0, v_i − p_i + ε_i) with ε ~ N(0, 1), product b with
/// probability d_b/Σd (uniform when Σd is 0). As in the simulator, valuations are drawn per class and "step"
/// rather than per session: here a step is <see cref="SessionsPerDraw"/> sessions of the class, which keeps a
/// session start O(1) instead of one Gaussian per product.
/// </summary>
internal sealed class ProductChooser
{
    public const int SessionsPerDraw = 256;

    private readonly double[] _scaledPrices;
    private readonly double[] _cumulative;
    private readonly double _mean;
    private readonly double _std;
    private int _sessionsLeft;

    public ProductChooser(double[] scaledPrices, double valuationMean, double valuationStd)
    {
        _scaledPrices = scaledPrices;
        _cumulative = new double[scaledPrices.Length];
        _mean = valuationMean;
        _std = Math.Max(0, valuationStd);
    }

    /// <summary>Called at each session start of the class: redraws valuations every <see cref="SessionsPerDraw"/> sessions.</summary>
    public void OnSessionStart(SeededRandom random)
    {
        if (_sessionsLeft-- > 0)
        {
            return;
        }

        _sessionsLeft = SessionsPerDraw - 1;
        var total = 0.0;
        for (var i = 0; i < _scaledPrices.Length; i++)
        {
            var demand = Math.Max(0, random.NextGaussian(_mean, _std) - _scaledPrices[i] + random.NextGaussian());
            total += demand;
            _cumulative[i] = total;
        }

        if (!(total > 0) || !double.IsFinite(total))
        {
            for (var i = 0; i < _cumulative.Length; i++)
            {
                _cumulative[i] = i + 1;
            }
        }
    }

    /// <summary>A product index drawn from the current demand (binary search over the cumulative weights).</summary>
    public int Next(SeededRandom random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        int lo = 0, hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (_cumulative[mid] > target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
