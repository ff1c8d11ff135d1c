namespace Phantom.Training.Evaluation;

/// <summary>
/// Detector scores on sessions of generator seeds never seen in training: the trained GBT and logistic detectors,
/// and for reference the untrained live scores (the hand-set live detector and f(τ) alone).
/// </summary>
public sealed record GeneratedDetectionResult(
    double Alpha,
    IReadOnlyList<long> TrainSeeds,
    IReadOnlyList<long> TestSeeds,
    long EventsPerSeed,
    int TrainSessions,
    int TestSessions,
    HeldOutScores Gbt,
    HeldOutScores Logistic,
    HeldOutScores LiveDetector,
    HeldOutScores KernelScore,
    double ReplayEventsPerSecond,
    double TrainingSeconds);
