namespace Phantom.Cluster.Membership;

/// <summary>A node's <c>status</c> in the registry (docs/ADMIN-API.md "Node").</summary>
public static class MemberStatus
{
    /// <summary>Registered; not yet serving (its HTTP listener and pipeline are starting).</summary>
    public const string Joining = "joining";

    /// <summary>Serving and heartbeating.</summary>
    public const string Up = "up";

    /// <summary>Asked to leave: draining, committing and handing its shards off.</summary>
    public const string Leaving = "leaving";

    /// <summary>Left gracefully; its shards are elsewhere.</summary>
    public const string Removed = "removed";

    /// <summary>Its heartbeat is older than <c>phantom.cluster.unreachable-after</c>.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>An operator declared an unreachable node gone (<c>cluster down</c>).</summary>
    public const string Down = "down";

    /// <summary>Statuses of a node that is (or claims to be) a live member: it may host shards and answer queries.</summary>
    public static bool IsLive(string status) => status is Joining or Up or Leaving;

    /// <summary>Statuses a node only leaves by registering again (a restart).</summary>
    public static bool IsGone(string status) => status is Removed or Down;
}
