using System.CommandLine;
using Phantom.Cluster.Ctl;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom ctl --node host:port [--key KEY] [--json] [command…]</c>: live operations on a running cluster through
/// any node's admin API (the pbm of Phantom). Without a command it opens an interactive prompt.
/// </summary>
internal static class CtlCommand
{
    public const string NodeVariable = "PHANTOM_NODE";
    public const string KeyVariable = "PHANTOM_KEY";

    public static Command Create()
    {
        var node = new Option<string>("--node", "-n")
        {
            Description = $"The node to ask, host:port (any node answers for the cluster); default: ${NodeVariable}, else 127.0.0.1:5000.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(NodeVariable) is { Length: > 0 } value ? value : "127.0.0.1:5000",
        };
        var key = new Option<string?>("--key", "-k")
        {
            Description = $"The X-Phantom-Key of the admin API (phantom.http.api-key); default: ${KeyVariable}.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(KeyVariable),
        };
        var json = new Option<bool>("--json") { Description = "Print the node's JSON instead of tables (JSON lines for tails), for scripts." };
        var words = new Argument<string[]>("command")
        {
            Description = "The command and its arguments; none opens the interactive prompt. Commands: "
                + string.Join("; ", CtlCommands.All.Select(s => s.Synopsis)) + ".",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("ctl", "Live operations on a running cluster (like Petabridge.Cmd's pbm): cluster, shards, sessions, stages, log, metrics, models.")
        {
            node, key, json, words,
        };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(node)!, parse.GetValue(key), parse.GetValue(json), parse.GetValue(words) ?? [], cancellation));
        return command;
    }

    private static async Task<int> RunAsync(string node, string? key, bool json, string[] words, CancellationToken cancellation)
    {
        CtlClient client;
        try
        {
            client = new CtlClient(node, key);
        }
        catch (CtlException error)
        {
            await System.Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            return error.ExitCode;
        }

        using (client)
        {
            if (words.Length > 0)
            {
                // A tail runs until Ctrl+C, which System.CommandLine turns into this cancellation.
                var context = new CtlContext(client, AnsiConsole.Console, System.Console.Out, json);
                return await CtlCommands.RunAsync(context, words, System.Console.Error, cancellation).ConfigureAwait(false);
            }

            var terminal = !System.Console.IsInputRedirected && !System.Console.IsOutputRedirected;
            if (!terminal)
            {
                // Piped input: plain lines; Ctrl+C ends the whole run, as it does for any command.
                var plain = new CtlShell(client, AnsiConsole.Console, System.Console.Out, System.Console.Error, new PlainLineReader(System.Console.In, System.Console.Out), json);
                return await plain.RunAsync(cancellation).ConfigureAwait(false);
            }

            // On a terminal Ctrl+C is read as a key (no SIGINT): at the prompt it drops the line, during a tail it stops
            // the tail, and the prompt itself ends only with exit or Ctrl+D.
            var treated = System.Console.TreatControlCAsInput;
            System.Console.TreatControlCAsInput = true;
            try
            {
                var shell = new CtlShell(client, AnsiConsole.Console, System.Console.Out, System.Console.Error,
                    new LineEditor(() => System.Console.ReadKey(intercept: true), System.Console.Out), json)
                {
                    InterruptWatch = WatchForControlCAsync,
                };
                return await shell.RunAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                System.Console.TreatControlCAsInput = treated;
            }
        }
    }

    private static async Task WatchForControlCAsync(CancellationTokenSource command)
    {
        while (!command.IsCancellationRequested)
        {
            while (System.Console.KeyAvailable)
            {
                var key = System.Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.C && (key.Modifiers & ConsoleModifiers.Control) != 0)
                {
                    await command.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }

            try
            {
                await Task.Delay(50, command.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
