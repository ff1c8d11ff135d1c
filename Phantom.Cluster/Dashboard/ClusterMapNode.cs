namespace Phantom.Cluster.Dashboard;

/// <summary>One node of a <see cref="ClusterMap"/>: the fields of the admin API's Node that the shard map shows.</summary>
/// <param name="Id">The node's id.</param>
/// <param name="Address">Where its HTTP APIs listen.</param>
/// <param name="Status">One of <c>joining</c>, <c>up</c>, <c>leaving</c>, <c>removed</c>, <c>unreachable</c>, <c>down</c>.</param>
/// <param name="Shards">The shards (Kafka partitions) it hosts.</param>
/// <param name="Entities">Live sessions in its memory.</param>
/// <param name="EventsPerSecond">Events it processed per second, recently.</param>
public sealed record ClusterMapNode(string Id, string Address, string Status, IReadOnlyList<int> Shards, long Entities, double EventsPerSecond);
