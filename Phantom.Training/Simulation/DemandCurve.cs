namespace Phantom.Training.Simulation;

/// <summary>The class demand of section 5: d_i = max(0, v_i − p_i + ε_i), rescaled to a fixed total.</summary>
public static class DemandCurve
{
    /// <summary>
    /// Writes d into <paramref name="demand"/>, rescaled so it sums to <paramref name="total"/>; zeros stay zeros (all
    /// zeros stays all zeros, and so does a non-finite sum).
    /// </summary>
    public static void Compute(ReadOnlySpan<double> valuations, ReadOnlySpan<double> noise, ReadOnlySpan<double> prices, double total, Span<double> demand)
    {
        var sum = 0.0;
        for (var i = 0; i < demand.Length; i++)
        {
            var d = valuations[i] - prices[i] + noise[i];
            d = d > 0 ? d : 0;
            demand[i] = d;
            sum += d;
        }

        Rescale(demand, sum, total);
    }

    /// <summary>Scales <paramref name="values"/> (summing to <paramref name="sum"/>) to sum to <paramref name="total"/>.</summary>
    public static void Rescale(Span<double> values, double sum, double total)
    {
        if (!(sum > 0) || !double.IsFinite(sum))
        {
            return;
        }

        var factor = total / sum;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }
}
