namespace Phantom.Cluster.Bench;

/// <summary>The handoff run of <c>phantom bench cluster</c>: three nodes, a steady stream, a graceful stop, a SIGKILL, a join.</summary>
/// <param name="RecordsPerSecond">The produced rate.</param>
/// <param name="Records">Records produced over the run.</param>
/// <param name="Events">Events journaled.</param>
/// <param name="SessionTimeoutMs">The consumer group session timeout the nodes ran with (<c>phantom.kafka.session-timeout</c>).</param>
/// <param name="HeartbeatIntervalMs">The nodes' heartbeat interval (<c>phantom.kafka.heartbeat-interval</c>).</param>
/// <param name="ApplyLatencyP50Ms">Median over all events of commit time minus produce time: whether the cluster kept up.</param>
/// <param name="ApplyLatencyP99Ms">99th percentile of the same.</param>
/// <param name="QuietGaps">Session gaps overlapping no step (from its start to 2 s after its partitions served again): the baseline.</param>
/// <param name="QuietStretchP50Ms">Median stretch (apply gap minus produce gap) of the quiet gaps.</param>
/// <param name="QuietStretchP99Ms">99th percentile stretch of the quiet gaps.</param>
/// <param name="KillToServingMedianMs">Median over the killed node's partitions of the time to the first event applied after the kill.</param>
/// <param name="KillToServingMaxMs">The largest: when the last of the killed node's shards served again.</param>
/// <param name="Steps">Each membership change.</param>
public sealed record ClusterHandoffResult(
    double RecordsPerSecond,
    long Records,
    long Events,
    long SessionTimeoutMs,
    long HeartbeatIntervalMs,
    long ApplyLatencyP50Ms,
    long ApplyLatencyP99Ms,
    int QuietGaps,
    long QuietStretchP50Ms,
    long QuietStretchP99Ms,
    long KillToServingMedianMs,
    long KillToServingMaxMs,
    IReadOnlyList<ClusterStepResult> Steps);
