namespace Phantom.Cluster.Membership;

/// <summary>What a node reports with each heartbeat besides its shards.</summary>
/// <param name="Entities">Live sessions in memory.</param>
/// <param name="Lag">Records of the node's Kafka partitions not yet processed (consumer lag); without Kafka, records taken in but not yet through the stages.</param>
/// <param name="EventsProcessed">Records the shard workers have taken so far (events/s is derived between heartbeats).</param>
public readonly record struct NodeStatistics(long Entities, long Lag, long EventsProcessed);
