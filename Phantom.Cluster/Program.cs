using System.CommandLine;
using Phantom.Cluster.Cli;

namespace Phantom.Cluster;

/// <summary>The <c>phantom</c> command line.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => BuildRootCommand().Parse(args).InvokeAsync();

    public static RootCommand BuildRootCommand() =>
        new("Phantom: per-session demand, agent detection and pricing over an interaction stream.")
        {
            DemoCommand.Create(),
            BenchCommand.Create(),
            NodeCommand.Create(),
        };
}
