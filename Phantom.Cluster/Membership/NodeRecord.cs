namespace Phantom.Cluster.Membership;

/// <summary>One node's row in the registry: identity, status, hosted shards and the statistics of its last heartbeat.</summary>
/// <param name="Started">When the node process registered (UTC).</param>
/// <param name="LastHeartbeat">The node's clock at its last heartbeat (UTC); nodes are assumed NTP-synchronised well within <c>unreachable-after</c>.</param>
/// <param name="Lag">Records of the node's Kafka partitions not yet processed (consumer lag); without Kafka, records taken in but not yet processed.</param>
public sealed record NodeRecord(
    string Id,
    string Address,
    IReadOnlyList<string> Roles,
    string Version,
    DateTimeOffset Started,
    DateTimeOffset LastHeartbeat,
    string Status,
    IReadOnlyList<int> Shards,
    long Entities,
    long Lag,
    double EventsPerSecond);
