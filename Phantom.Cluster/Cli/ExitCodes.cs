namespace Phantom.Cluster.Cli;

/// <summary>Process exit codes of the <c>phantom</c> commands.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A command failed at run time.</summary>
    public const int Failed = 1;

    /// <summary>Bad configuration or flags: nothing ran.</summary>
    public const int BadConfiguration = 2;

    /// <summary>Stopped by Ctrl+C after a graceful drain (128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
