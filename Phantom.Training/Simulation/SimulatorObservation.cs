namespace Phantom.Training.Simulation;

/// <summary>The layout of the simulator's observation: [q̃ (n), prices (n), f, α_adv, α0, robust radius].</summary>
public static class SimulatorObservation
{
    /// <summary>Entries after the two per-product blocks.</summary>
    public const int ScalarCount = 4;

    public static int Size(int productCount) => (2 * productCount) + ScalarCount;

    public static int ProductCount(ReadOnlySpan<double> observation) => (observation.Length - ScalarCount) / 2;

    public static ReadOnlySpan<double> Demand(ReadOnlySpan<double> observation) => observation[..ProductCount(observation)];

    public static ReadOnlySpan<double> Prices(ReadOnlySpan<double> observation)
    {
        var n = ProductCount(observation);
        return observation.Slice(n, n);
    }

    public static double AgentProbability(ReadOnlySpan<double> observation) => observation[^4];

    public static double AdversarialAlpha(ReadOnlySpan<double> observation) => observation[^3];

    public static double NominalAlpha(ReadOnlySpan<double> observation) => observation[^2];

    public static double RobustRadius(ReadOnlySpan<double> observation) => observation[^1];

    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>Population standard deviation (numpy's default).</summary>
    public static double Std(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var mean = Mean(values);
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / values.Length);
    }
}
