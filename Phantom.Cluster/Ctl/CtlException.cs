namespace Phantom.Cluster.Ctl;

/// <summary>A <c>phantom ctl</c> failure: the message names the node and the reason; <see cref="ExitCode"/> is a <see cref="CtlExitCodes"/> value.</summary>
public sealed class CtlException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
