namespace Phantom.Cluster.Node;

/// <summary>
/// The roles a node can announce. Today every node runs all of them (one process serves pricing, ingest and the
/// pipeline); the names are accepted, checked and reported on <c>/health</c> so a deployment can already state its
/// intent, and cluster membership can act on them later without a flag change.
/// </summary>
internal static class NodeRoles
{
    public static IReadOnlyList<string> Known { get; } = ["pipeline", "pricing", "ingest"];
}
