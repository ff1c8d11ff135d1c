namespace Phantom.Cluster.Bench;

/// <summary>One throughput run of <c>phantom bench cluster</c>: the same records through a cluster of <see cref="Nodes"/> nodes.</summary>
/// <param name="Nodes">Node processes in the consumer group.</param>
/// <param name="Records">Records produced (and processed: every partition's stored offset reached its end).</param>
/// <param name="Events">Events journaled (records minus the rejected and admin-page ones).</param>
/// <param name="EventsPerSecond">
/// <see cref="Events"/> over the journal's apply window: the last event's commit time minus the first's. Start-up and the
/// initial assignment are not in it; the nodes were assigned before the first record was produced.
/// </param>
/// <param name="WallSeconds">From the first record produced to the last partition's offset stored (polled every 100 ms).</param>
/// <param name="Assignment">Partitions per node when the records were produced.</param>
public sealed record ClusterThroughputResult(
    int Nodes,
    long Records,
    long Events,
    double EventsPerSecond,
    double WallSeconds,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Assignment);
