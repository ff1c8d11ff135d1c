namespace Phantom.Cluster.Bench;

/// <summary>One membership change of the handoff run and the pauses it caused.</summary>
/// <param name="Kind"><c>graceful-stop</c> (SIGTERM), <c>sigkill</c> or <c>join</c> (a new node started).</param>
/// <param name="Node">The node stopped, killed or started.</param>
/// <param name="AtSeconds">When the step began, seconds after the handoff run's first record.</param>
/// <param name="SettledSeconds">From the step to the group owning every partition again with the expected members (polled /health).</param>
/// <param name="MovedPartitions">Partitions whose owner changed.</param>
/// <param name="PartitionPauseMedianMs">Median over moved partitions of the partition pause (docs/benchmarks.md defines it).</param>
/// <param name="PartitionPauseMaxMs">Largest partition pause.</param>
/// <param name="SessionGaps">Gaps of sessions of moved partitions that overlap the step (from its start to settled).</param>
/// <param name="SessionGapP50Ms">Median of those gaps.</param>
/// <param name="SessionGapP99Ms">99th percentile of those gaps.</param>
/// <param name="ServingAgainMs">
/// For <c>sigkill</c>: per partition the killed node owned, the first event applied on it after the kill, in ms after the
/// kill; empty for other steps.
/// </param>
public sealed record ClusterStepResult(
    string Kind,
    string Node,
    double AtSeconds,
    double SettledSeconds,
    IReadOnlyList<int> MovedPartitions,
    long PartitionPauseMedianMs,
    long PartitionPauseMaxMs,
    int SessionGaps,
    long SessionGapP50Ms,
    long SessionGapP99Ms,
    IReadOnlyDictionary<int, long> ServingAgainMs);
