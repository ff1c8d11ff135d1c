namespace Phantom.Cluster.Membership;

/// <summary>
/// The cluster's shared registry of nodes and its membership log (in the journal's database: SQLite or PostgreSQL).
/// Every write that changes a status logs its event in the same transaction, and decisions several nodes may take at
/// once (marking a node unreachable) are made by a conditional update, so each is logged exactly once.
/// </summary>
public interface INodeRegistry : IAsyncDisposable
{
    /// <summary>The cluster these rows belong to (<c>phantom.cluster.name</c>).</summary>
    string Cluster { get; }

    /// <summary>Inserts or replaces <paramref name="node"/>'s row with status <c>joining</c> and logs <c>joined</c>.</summary>
    Task RegisterAsync(NodeRecord node, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="node"/>'s heartbeat time and statistics (address, shards, entities, lag, events/s); an
    /// unreachable node goes back to <c>up</c> with a <c>reachable</c> event.
    /// </summary>
    Task<HeartbeatOutcome> HeartbeatAsync(NodeRecord node, CancellationToken cancellationToken = default);

    /// <summary>Sets the status of <paramref name="node"/> and logs <paramref name="kind"/>; false if the node is not registered.</summary>
    Task<bool> SetStatusAsync(string node, string status, string kind, string detail, CancellationToken cancellationToken = default);

    /// <summary>Logs an event that changes no status (shards assigned or revoked, a stage attached).</summary>
    Task<MemberEvent> RecordAsync(string node, string kind, string detail, CancellationToken cancellationToken = default);

    /// <summary>Every node of the cluster, by id.</summary>
    Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> events with <c>seq</c> greater than <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<MemberEvent>> EventsAsync(long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks every live node whose last heartbeat is before <paramref name="heartbeatBefore"/> unreachable and logs
    /// <c>unreachable</c> once per node, however many nodes run this at once.
    /// </summary>
    /// <returns>The nodes this call marked.</returns>
    Task<IReadOnlyList<string>> MarkUnreachableAsync(DateTimeOffset heartbeatBefore, string noticedBy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks <paramref name="node"/> down (<c>cluster down</c>) unless it heartbeat at or after
    /// <paramref name="heartbeatBefore"/>; logs <c>down</c>.
    /// </summary>
    Task<DownOutcome> DownAsync(string node, DateTimeOffset heartbeatBefore, string by, CancellationToken cancellationToken = default);
}
