namespace Phantom.Cluster.Membership;

/// <summary>The <c>kind</c> of an entry of the membership log (docs/ADMIN-API.md "MemberEvent").</summary>
public static class MemberEventKind
{
    public const string Joined = "joined";
    public const string Up = "up";
    public const string Leaving = "leaving";
    public const string Removed = "removed";
    public const string Unreachable = "unreachable";
    public const string Reachable = "reachable";
    public const string Down = "down";
    public const string ShardsAssigned = "shards-assigned";
    public const string ShardsRevoked = "shards-revoked";
    public const string StageAttached = "stage-attached";
    public const string StageDetached = "stage-detached";
}
