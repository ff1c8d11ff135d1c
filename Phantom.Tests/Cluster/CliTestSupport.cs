using Phantom.Cluster;

namespace Phantom.Tests.Cluster;

/// <summary>Runs the <c>phantom</c> command line in process (no console capture: results are checked through files and exit codes).</summary>
internal static class CliTestSupport
{
    public static Task<int> RunAsync(params string[] args) => Program.BuildRootCommand().Parse(args).InvokeAsync();

    /// <summary>The parse errors of a command line, joined (empty when it parses).</summary>
    public static string ParseErrors(params string[] args) =>
        string.Join("\n", Program.BuildRootCommand().Parse(args).Errors.Select(e => e.Message));
}
