using System.Runtime.InteropServices;

namespace Phantom.Cluster.Bench;

/// <summary>
/// POSIX signals to a child process. .NET's <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL; a
/// graceful node stop needs SIGTERM, which <c>phantom node</c> answers by draining (see Cli/StopSignals).
/// </summary>
internal static class ClusterSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; false when the process is gone already.</summary>
    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    // DllImport, not LibraryImport: the latter needs unsafe code enabled for the project, and kill(2) takes plain ints.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
