using Phantom.Training.Simulation;

namespace Phantom.Training.Explain;

/// <summary>
/// The features a policy's rules are written in: three summaries the tiers reason with (mean and std of q̃, mean
/// price), then the raw observation [q̃ (n), prices (n), f, α_adv, α0, robust radius]. Summaries come first so that,
/// when a summary and a raw entry split the samples equally well, the rule reads in the summary.
/// </summary>
public static class ObservationFeatures
{
    /// <summary>Feature names for <paramref name="productCount"/> products.</summary>
    public static IReadOnlyList<string> Names(int productCount)
    {
        var names = new List<string> { "mean_q", "std_q", "mean_price" };
        for (var i = 0; i < productCount; i++)
        {
            names.Add($"q_{i}");
        }

        for (var i = 0; i < productCount; i++)
        {
            names.Add($"price_{i}");
        }

        names.AddRange(["f", "alpha_adv", "alpha0", "robust_radius"]);
        return names;
    }

    /// <summary>The feature vector of one observation.</summary>
    public static double[] From(ReadOnlySpan<double> observation)
    {
        var demand = SimulatorObservation.Demand(observation);
        var prices = SimulatorObservation.Prices(observation);
        var features = new double[3 + observation.Length];
        features[0] = SimulatorObservation.Mean(demand);
        features[1] = SimulatorObservation.Std(demand);
        features[2] = SimulatorObservation.Mean(prices);
        observation.CopyTo(features.AsSpan(3));
        return features;
    }
}
