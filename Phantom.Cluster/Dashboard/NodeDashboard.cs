using Phantom.Cluster.Node;
using Phantom.Streams.Kafka;

namespace Phantom.Cluster.Dashboard;

/// <summary>Puts the dashboard on a <see cref="NodeHost"/>: its snapshot builder, its broadcaster and its routes.</summary>
public static class NodeDashboard
{
    /// <summary>
    /// Maps <c>/dashboard</c> on the node's HTTP host (call before the node starts). The node's shards are the Kafka
    /// assignment when a Kafka source feeds it, else all of them; its id is the cluster member's (the registry's) id.
    /// </summary>
    public static DashboardBroadcaster Attach(NodeHost node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var all = Enumerable.Range(0, node.Runtime.Partitions).ToArray();
        var builder = new DashboardSnapshotBuilder(
            node.Runtime,
            () => node.Sources.OfType<KafkaSource>().FirstOrDefault() is { } kafka ? kafka.AssignedPartitions : all,
            () => node.Member.Id,
            () => node.Http.BoundUrls.FirstOrDefault() ?? node.Http.Urls[0]);
        var broadcaster = new DashboardBroadcaster(builder);
        DashboardEndpoints.Map(node.Http, broadcaster);
        return broadcaster;
    }
}
