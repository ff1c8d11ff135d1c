namespace Phantom.Cluster.Bench;

/// <summary>What <c>phantom bench train</c> measured (JSON with snake_case names).</summary>
public sealed record TrainBenchmarkResult
{
    /// <summary>Market simulator steps/s in baseline mode (K = 1 α point per step).</summary>
    public required double SimulatorStepsPerSecondK1 { get; init; }

    /// <summary>Market simulator steps/s in robust mode (K = 5 α points per step).</summary>
    public required double SimulatorStepsPerSecondK5 { get; init; }

    public required int PpoSteps { get; init; }

    /// <summary>Wall time of PPO training for <see cref="PpoSteps"/> environment steps (robust mode).</summary>
    public required double PpoTrainingSeconds { get; init; }

    public required long ReplayEvents { get; init; }

    /// <summary>Events replayed into session features per second (records already in memory).</summary>
    public required double ReplayEventsPerSecond { get; init; }

    public required int DetectorSessions { get; init; }

    /// <summary>Wall time of gradient-boosted-tree detector training on <see cref="DetectorSessions"/> replayed sessions.</summary>
    public required double DetectorTrainingSeconds { get; init; }

    public required double DetectorTestRocAuc { get; init; }

    public required long Seed { get; init; }
}
