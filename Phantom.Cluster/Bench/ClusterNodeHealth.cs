namespace Phantom.Cluster.Bench;

/// <summary>What one node's <c>GET /health</c> says about its part of the cluster.</summary>
/// <param name="Status">The overall status (<c>healthy</c>, <c>degraded</c>, <c>unhealthy</c>).</param>
/// <param name="AssignedPartitions">The events-topic partitions (shards) the node owns now, ascending.</param>
/// <param name="CommittedEvents">Events the node's journal group commit made durable since it started.</param>
/// <param name="RecoveredSessions">Sessions the node rebuilt from the journal since it started.</param>
public sealed record ClusterNodeHealth(string Status, IReadOnlyList<int> AssignedPartitions, long CommittedEvents, long RecoveredSessions);
