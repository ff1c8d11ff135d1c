namespace Phantom.Streams.Cluster;

/// <summary>
/// <c>phantom.cluster</c>: who this node is in the cluster and how membership is kept (a registry of nodes with
/// heartbeats and a membership log, in the journal's database unless <see cref="Connection"/> names another).
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The cluster's name: nodes of one deployment share it (and the registry rows are kept per name).</summary>
    public string Name { get; set; } = "phantom";

    /// <summary>This node's id; empty uses <c>host:port</c> of its advertised address (what <c>phantom ctl --node</c> takes).</summary>
    public string NodeId { get; set; } = "";

    /// <summary>
    /// The base URL other nodes (and <c>phantom ctl</c>) reach this node at, e.g. <c>http://node-1:5000</c>; empty uses
    /// the first bound HTTP address (fine on one host; a container behind a 0.0.0.0 binding needs its own name here).
    /// </summary>
    public string AdvertiseAddress { get; set; } = "";

    /// <summary>The roles this node announces (pipeline, pricing, ingest); empty means all of them.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>How often the node writes its heartbeat (and statistics) to the registry and checks the others.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A node whose last heartbeat is older than this is marked <c>unreachable</c> by whichever node notices first.</summary>
    public TimeSpan UnreachableAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The registry's database: a SQLite path or a PostgreSQL connection string, like <c>phantom.journal.connection</c>;
    /// empty uses the journal's connection, and without a journal a private in-memory registry (a cluster of one).
    /// </summary>
    public string Connection { get; set; } = "";

    /// <summary>How long a query forwarded to the session's owner may take before the node answers from Redis or the base price.</summary>
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
