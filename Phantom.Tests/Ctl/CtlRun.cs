using Phantom.Cluster.Ctl;
using Spectre.Console;

namespace Phantom.Tests.Ctl;

/// <summary>
/// Runs <c>phantom ctl</c> commands in process against a node, capturing what a terminal would show (tables without
/// colour, wide enough not to wrap), the <c>--json</c> output and the errors.
/// </summary>
internal static class CtlRun
{
    public static async Task<CtlResult> RunAsync(string node, string? key, bool json, params string[] words) =>
        await RunAsync(node, key, json, CancellationToken.None, words);

    public static async Task<CtlResult> RunAsync(string node, string? key, bool json, CancellationToken cancellation, params string[] words)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        using var client = new CtlClient(node, key);
        var context = new CtlContext(client, Console(output), output, json) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var code = await CtlCommands.RunAsync(context, words, errors, cancellation);
        return new CtlResult(code, output.ToString(), errors.ToString());
    }

    /// <summary>
    /// Runs a following command (a tail) until <paramref name="until"/> holds for its output so far (bounded: 20 s),
    /// then stops it as Ctrl+C would.
    /// </summary>
    public static async Task<CtlResult> FollowAsync(string node, string? key, bool json, Func<string, bool> until, params string[] words)
    {
        var output = new SharedWriter();
        var errors = new StringWriter();
        using var client = new CtlClient(node, key);
        using var stop = new CancellationTokenSource();
        var context = new CtlContext(client, Console(output), output, json) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var run = CtlCommands.RunAsync(context, words, errors, stop.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!until(output.ToString()) && !run.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        var code = await run;
        return new CtlResult(code, output.ToString(), errors.ToString());
    }

    /// <summary>The table line holding <paramref name="cell"/> (the first one).</summary>
    public static string Row(string output, string cell) =>
        output.Split('\n').FirstOrDefault(l => l.Contains(cell, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no line with '{cell}' in:\n{output}");

    public static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;
        return console;
    }
}

/// <summary>The exit code, standard output (tables or JSON) and standard error of one ctl command.</summary>
internal sealed record CtlResult(int ExitCode, string Output, string Error);
