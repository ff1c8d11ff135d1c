namespace Phantom.Cluster.Membership;

/// <summary>The answer to <c>cluster down</c>.</summary>
public enum DownOutcome
{
    /// <summary>The node was marked down and the event logged.</summary>
    Downed,

    /// <summary>No such node in this cluster.</summary>
    NotFound,

    /// <summary>The node still heartbeats (within <c>unreachable-after</c>): it must leave, not be downed.</summary>
    StillHeartbeating,

    /// <summary>Already removed or down; nothing changed.</summary>
    AlreadyGone,
}
