namespace Phantom.Training.Replay;

/// <summary>
/// Where replay reads stored interaction events from, in their stored order: a JSON-lines file today
/// (<see cref="JsonLinesReplaySource"/>), the persisted journal once it lands. Implementations may reuse one buffer
/// for every payload, so a consumer must be done with a record before asking for the next.
/// </summary>
public interface IReplaySource
{
    /// <summary>A short label for progress lines and model manifests (e.g. the file name and its range).</summary>
    string Name { get; }

    /// <summary>The records in order; each enumeration starts from the beginning.</summary>
    IEnumerable<ReplayRecord> Read(CancellationToken cancellationToken = default);
}
