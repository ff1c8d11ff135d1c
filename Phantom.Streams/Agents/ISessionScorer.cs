using Phantom.Streams.Sessions;

namespace Phantom.Streams.Agents;

/// <summary>
/// The live detector's contract: P(agent) from a session's features. The hand-set <see cref="LiveDetector"/> and the
/// trained detectors a promotion loads (<see cref="Models.TreeEnsembleScorer"/>, <see cref="Models.LogisticScorer"/>)
/// all implement it, so a <see cref="SessionModel"/> holds whichever is served. Implementations are immutable,
/// thread-safe and allocation-free: every priced event calls <see cref="Score"/>.
/// </summary>
public interface ISessionScorer
{
    /// <summary>A short description for status output, e.g. <c>hand-set</c> or <c>gbt, 100 trees</c>.</summary>
    string Description { get; }

    /// <summary>The probability, in [0, 1], that the session is an agent.</summary>
    double Score(in SessionFeatures features);
}
