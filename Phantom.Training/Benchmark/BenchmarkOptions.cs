using Phantom.Training.Simulation;

namespace Phantom.Training.Benchmark;

/// <summary>
/// <c>phantom benchmark</c> (PHANTOM-MODEL.md section 7): which tiers, modes and α values to train and evaluate, and
/// the simulator they run on (n-products, N, lambda-coi, robust radius/points, eta-ux, price bounds, action scales and
/// max-steps live in <see cref="Simulator"/>).
/// </summary>
public sealed class BenchmarkOptions
{
    /// <summary>Tier names, in report order.</summary>
    public List<string> Tiers { get; set; } = ["static", "surge", "linear", "qtable", "ppo"];

    /// <summary>Nominal α values to train and evaluate at.</summary>
    public List<double> AlphaValues { get; set; } = [0.0, 0.3, 0.6];

    /// <summary>Evaluation episodes per tier, mode, α and stress point.</summary>
    public int Episodes { get; set; } = 10;

    /// <summary>Seed of everything: training, evaluation episodes, initial prices.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Training steps per tier, mode and α (learners only).</summary>
    public long TotalTimesteps { get; set; } = 100_000;

    /// <summary>Skip the robust (defended) mode: baseline only.</summary>
    public bool NoRobust { get; set; }

    /// <summary>Stress points are α0 ± max(robust-radius, this).</summary>
    public double StressMinimumDelta { get; set; } = 0.15;

    /// <summary>Where the CSV files and plots go.</summary>
    public string OutputDirectory { get; set; } = "benchmark";

    /// <summary>The simulator settings shared by every run (mode and α are set per run).</summary>
    public SimulatorOptions Simulator { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Tiers.Count == 0)
        {
            throw new ArgumentException("benchmark: --tiers is empty");
        }

        if (AlphaValues.Count == 0 || AlphaValues.Any(a => !(a is >= 0 and <= 1)))
        {
            throw new ArgumentException("benchmark: --alpha-values must be a non-empty list of values in [0, 1]");
        }

        if (Episodes < 1)
        {
            throw new ArgumentException("benchmark: --episodes must be at least 1");
        }

        if (TotalTimesteps < 0)
        {
            throw new ArgumentException("benchmark: --total-timesteps must be >= 0");
        }

        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new ArgumentException("benchmark: an output directory is required");
        }

        Simulator.Validate();
    }
}
