using System.CommandLine;
using Phantom.Cluster.Cli;
using Spectre.Console;

namespace Phantom.Cluster;

/// <summary>The <c>phantom</c> command line.</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        if (System.Console.IsOutputRedirected)
        {
            // Logs and pipes read better unwrapped (Spectre assumes 80 columns when it cannot ask a terminal) and
            // without escape codes, as other tools behave when their output is not a terminal.
            AnsiConsole.Profile.Width = 200;
            AnsiConsole.Profile.Capabilities.Ansi = false;
        }

        return BuildRootCommand().Parse(args).InvokeAsync();
    }

    public static RootCommand BuildRootCommand() =>
        new("Phantom: per-session demand, agent detection and pricing over an interaction stream.")
        {
            DemoCommand.Create(),
            BenchCommand.Create(),
            BenchmarkCommand.Create(),
            ModelsCommand.Create(),
            KafkaMockCommand.Create(),
            ProduceCommand.Create(),
            ReplayCommand.Create(),
            TrainCommand.Create(TrainPolicyCommand.Create()),
            EvaluateCommand.Create(),
            NodeCommand.Create(),
            CtlCommand.Create(),
        };
}
