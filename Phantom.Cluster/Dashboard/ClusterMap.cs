namespace Phantom.Cluster.Dashboard;

/// <summary>
/// Which node hosts which shards, as the dashboard's shard map draws it: the subset of <c>GET /admin/cluster</c>
/// (docs/ADMIN-API.md) the page needs. Until the node registry is wired in (<see cref="DashboardSnapshotBuilder.Cluster"/>),
/// the map holds the local node alone with the partitions it hosts now.
/// </summary>
/// <param name="Self">The id of the node that answered.</param>
/// <param name="Cluster">The cluster's name (the Kafka consumer group in node mode).</param>
/// <param name="Partitions">Shards in the whole cluster (one per Kafka partition).</param>
/// <param name="Nodes">Every node the answering node knows of.</param>
public sealed record ClusterMap(string Self, string Cluster, int Partitions, IReadOnlyList<ClusterMapNode> Nodes);
