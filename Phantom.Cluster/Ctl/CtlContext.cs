using Spectre.Console;

namespace Phantom.Cluster.Ctl;

/// <summary>What a <c>phantom ctl</c> command runs with: the node's client, where tables and JSON go, and the flags.</summary>
public sealed class CtlContext(CtlClient client, IAnsiConsole console, TextWriter jsonOut, bool json)
{
    public CtlClient Client { get; } = client;

    /// <summary>Tables, colours, notes.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Where <c>--json</c> output goes, unformatted (standard output).</summary>
    public TextWriter JsonOut { get; } = jsonOut;

    /// <summary>Print the node's JSON instead of tables.</summary>
    public bool Json { get; } = json;

    /// <summary>How often <c>cluster tail</c> and <c>log tail</c> ask for more.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
