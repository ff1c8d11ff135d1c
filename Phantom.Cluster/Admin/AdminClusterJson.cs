using System.Globalization;
using Phantom.Cluster.Membership;

namespace Phantom.Cluster.Admin;

/// <summary>The snake_case JSON shapes of docs/ADMIN-API.md for registry rows and membership events.</summary>
public static class AdminClusterJson
{
    public static Dictionary<string, object?> Node(NodeRecord node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new Dictionary<string, object?>
        {
            ["id"] = node.Id,
            ["address"] = node.Address,
            ["roles"] = node.Roles,
            ["version"] = node.Version,
            ["started"] = Time(node.Started),
            ["last_heartbeat"] = Time(node.LastHeartbeat),
            ["status"] = node.Status,
            ["shards"] = node.Shards,
            ["entities"] = node.Entities,
            ["lag"] = node.Lag,
            ["events_per_second"] = node.EventsPerSecond,
        };
    }

    public static Dictionary<string, object?> Event(MemberEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new Dictionary<string, object?>
        {
            ["seq"] = e.Seq,
            ["at"] = Time(e.At),
            ["node"] = e.Node,
            ["kind"] = e.Kind,
            ["detail"] = e.Detail,
        };
    }

    /// <summary>ISO 8601 UTC with milliseconds, as the rest of the node's JSON writes times.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
