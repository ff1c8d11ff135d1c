namespace Phantom.Cluster.Bench;

/// <summary>The handoff run of <c>phantom bench cluster</c>: three nodes, a steady stream, a graceful stop, a SIGKILL, a join.</summary>
/// <param name="RecordsPerSecond">The produced rate.</param>
/// <param name="Records">Records produced over the run.</param>
/// <param name="Events">Events journaled.</param>
/// <param name="SessionTimeoutMs">The consumer group session timeout the nodes ran with (<c>phantom.kafka.session-timeout</c>).</param>
/// <param name="HeartbeatIntervalMs">The nodes' heartbeat interval (<c>phantom.kafka.heartbeat-interval</c>).</param>
/// <param name="NormalGaps">Session gaps that overlap no step of a moved partition.</param>
/// <param name="NormalStretchP50Ms">Median stretch (apply gap minus produce gap) of the normal gaps.</param>
/// <param name="NormalStretchP99Ms">99th percentile stretch of the normal gaps.</param>
/// <param name="KillToServingMedianMs">Median over the killed node's partitions of the time to the first event applied after the kill.</param>
/// <param name="KillToServingMaxMs">The largest: when the last of the killed node's shards served again.</param>
/// <param name="Steps">Each membership change.</param>
public sealed record ClusterHandoffResult(
    double RecordsPerSecond,
    long Records,
    long Events,
    long SessionTimeoutMs,
    long HeartbeatIntervalMs,
    int NormalGaps,
    long NormalStretchP50Ms,
    long NormalStretchP99Ms,
    long KillToServingMedianMs,
    long KillToServingMaxMs,
    IReadOnlyList<ClusterStepResult> Steps);
