namespace Phantom.Cluster.Node;

/// <summary>
/// The roles a node can announce (<c>--roles</c>, <c>phantom.cluster.roles</c>); they are recorded in the cluster
/// registry. A node without <see cref="Pipeline"/> does not consume the events topic (it hosts no shards and forwards
/// session queries to their owners); a node without <see cref="Pricing"/> answers price requests with 503 (except
/// those another node forwarded to it as the session's owner); <see cref="Ingest"/> is announced only.
/// </summary>
internal static class NodeRoles
{
    public const string Pipeline = "pipeline";

    public const string Pricing = "pricing";

    public const string Ingest = "ingest";

    public static IReadOnlyList<string> Known { get; } = [Pipeline, Pricing, Ingest];

    /// <summary>The configured roles, or all of them when none are; an unknown name is a configuration error.</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> configured)
    {
        foreach (var role in configured)
        {
            if (!Known.Contains(role))
            {
                throw new Streams.Configuration.ConfigurationException(
                    $"phantom.cluster.roles: unknown role '{role}'; known roles: {string.Join(", ", Known)}");
            }
        }

        return configured.Count > 0 ? configured.Distinct().ToArray() : Known;
    }
}
