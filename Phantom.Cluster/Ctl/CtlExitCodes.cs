namespace Phantom.Cluster.Ctl;

/// <summary>
/// Exit codes of <c>phantom ctl</c>, so a script can tell an unreachable node from a refused request. 0 and 2 mean
/// what they mean for every <c>phantom</c> command (done; bad usage).
/// </summary>
public static class CtlExitCodes
{
    public const int Ok = 0;

    /// <summary>The node answered with an error (409, 422, 5xx…).</summary>
    public const int Failed = 1;

    /// <summary>Unknown command or bad arguments: nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The node could not be reached (refused, timed out, not HTTP).</summary>
    public const int Unreachable = 3;

    /// <summary>The node refused the key (401 missing, 403 wrong).</summary>
    public const int BadKey = 4;

    /// <summary>The node does not know the session, node or stage (404).</summary>
    public const int NotFound = 5;
}
