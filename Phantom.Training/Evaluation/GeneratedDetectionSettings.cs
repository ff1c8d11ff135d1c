using Phantom.Training.Trees;

namespace Phantom.Training.Evaluation;

/// <summary>Held-out-by-seed evaluation of the session detector on generated traffic.</summary>
public sealed record GeneratedDetectionSettings
{
    /// <summary>Contamination α of every generated stream.</summary>
    public double Alpha { get; init; } = 0.3;

    /// <summary>Generator seeds whose sessions train the detector.</summary>
    public IReadOnlyList<long> TrainSeeds { get; init; } = [1, 2];

    /// <summary>Generator seeds whose sessions test it; none may be a training seed.</summary>
    public IReadOnlyList<long> TestSeeds { get; init; } = [101];

    public long EventsPerSeed { get; init; } = 200_000;

    public GradientBoostingOptions Trees { get; init; } = new();
}
