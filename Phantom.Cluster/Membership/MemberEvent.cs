namespace Phantom.Cluster.Membership;

/// <summary>One entry of the membership log; <see cref="Seq"/> grows in commit order, so tailing by it misses nothing.</summary>
public sealed record MemberEvent(long Seq, DateTimeOffset At, string Node, string Kind, string Detail);
