namespace Phantom.Cluster.Bench;

/// <summary>One membership change of the handoff run and the pauses it caused (definitions in docs/benchmarks.md).</summary>
/// <param name="Kind"><c>graceful-stop</c> (SIGTERM), <c>sigkill</c> or <c>join</c> (a new node started).</param>
/// <param name="Node">The node stopped, killed or started.</param>
/// <param name="AtSeconds">When the step began, seconds after the handoff run's first record.</param>
/// <param name="DuringStream">Whether the stream was still being produced when the step ended (else its pauses saw no traffic).</param>
/// <param name="SettledSeconds">From the step to the group owning every partition again with the expected members (polled /health).</param>
/// <param name="ServingSeconds">From the step to every moved partition having journaled a new event under its new owner.</param>
/// <param name="MovedPartitions">Partitions whose owner changed.</param>
/// <param name="PartitionPauseMedianMs">Median over moved partitions of the partition pause.</param>
/// <param name="PartitionPauseMaxMs">Largest partition pause.</param>
/// <param name="SessionGaps">Gaps of sessions of moved partitions that overlap the step (from its start to 2 s after serving again).</param>
/// <param name="SessionStretchP50Ms">Median stretch of those gaps: apply gap minus produce gap.</param>
/// <param name="SessionStretchP99Ms">99th percentile stretch of those gaps: the handoff pause a session saw.</param>
/// <param name="BystanderGaps">Gaps overlapping the step of sessions whose partition it did not move.</param>
/// <param name="BystanderStretchP99Ms">99th percentile stretch of those: what the step cost shards it did not move.</param>
/// <param name="ServingAgainMs">
/// For <c>sigkill</c>: per partition the killed node owned, the first event applied on it after the kill, in ms after the
/// kill; empty for other steps.
/// </param>
public sealed record ClusterStepResult(
    string Kind,
    string Node,
    double AtSeconds,
    bool DuringStream,
    double SettledSeconds,
    double ServingSeconds,
    IReadOnlyList<int> MovedPartitions,
    long PartitionPauseMedianMs,
    long PartitionPauseMaxMs,
    int SessionGaps,
    long SessionStretchP50Ms,
    long SessionStretchP99Ms,
    int BystanderGaps,
    long BystanderStretchP99Ms,
    IReadOnlyDictionary<int, long> ServingAgainMs);
