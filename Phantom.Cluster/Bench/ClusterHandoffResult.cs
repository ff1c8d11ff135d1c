namespace Phantom.Cluster.Bench;

/// <summary>The handoff run of <c>phantom bench cluster</c>: three nodes, a steady stream, a graceful stop, a SIGKILL, a join.</summary>
/// <param name="RecordsPerSecond">The produced rate.</param>
/// <param name="Records">Records produced over the run.</param>
/// <param name="Events">Events journaled.</param>
/// <param name="SessionTimeoutMs">The consumer group session timeout the nodes ran with (<c>phantom.kafka.session-timeout</c>).</param>
/// <param name="NormalGaps">Session gaps that overlap no step of a moved partition.</param>
/// <param name="NormalGapP50Ms">Median of the normal gaps.</param>
/// <param name="NormalGapP99Ms">99th percentile of the normal gaps.</param>
/// <param name="KillToServingMedianMs">Median over the killed node's partitions of the time to the first event applied after the kill.</param>
/// <param name="KillToServingMaxMs">The largest: when the last of the killed node's shards served again.</param>
/// <param name="Steps">Each membership change.</param>
public sealed record ClusterHandoffResult(
    double RecordsPerSecond,
    long Records,
    long Events,
    long SessionTimeoutMs,
    int NormalGaps,
    long NormalGapP50Ms,
    long NormalGapP99Ms,
    long KillToServingMedianMs,
    long KillToServingMaxMs,
    IReadOnlyList<ClusterStepResult> Steps);
