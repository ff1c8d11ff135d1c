namespace Phantom.Cluster.Membership;

/// <summary>What a heartbeat found in the registry.</summary>
public enum HeartbeatOutcome
{
    /// <summary>Recorded; the node was a live member.</summary>
    Recorded,

    /// <summary>Recorded, and the node, which had been marked unreachable, is up again (<c>reachable</c> logged).</summary>
    Reachable,

    /// <summary>Not recorded: the node is not registered, or was removed or downed; it must register again.</summary>
    NotMember,
}
