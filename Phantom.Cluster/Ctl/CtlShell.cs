using System.Text;
using Spectre.Console;

namespace Phantom.Cluster.Ctl;

/// <summary>
/// The interactive prompt of <c>phantom ctl</c> when no command is given: any command without the <c>phantom ctl</c>
/// prefix (add <c>--json</c> to a line for the node's JSON), <c>help</c> and <c>help &lt;command&gt;</c>, <c>exit</c>.
/// Ctrl+C stops a running tail and returns to the prompt (<see cref="CancelCurrent"/>).
/// </summary>
public sealed class CtlShell(CtlClient client, IAnsiConsole console, TextWriter jsonOut, TextWriter errors, ILineReader reader, bool json)
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _current;

    /// <summary>
    /// Started with each command's cancellation source and awaited after the command (which cancels the source
    /// first): on a terminal in raw mode, where Ctrl+C arrives as a key, it watches for that key to stop a tail.
    /// </summary>
    public Func<CancellationTokenSource, Task>? InterruptWatch { get; init; }

    /// <summary>How often tails poll (tests shorten it).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public string Prompt => $"phantom {client.Node}> ";

    /// <summary>Stops the command that runs now; true when there was one (a Ctrl+C handler uses it).</summary>
    public bool CancelCurrent()
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return false;
            }

            _current.Cancel();
            return true;
        }
    }

    /// <summary>Reads and runs lines until <c>exit</c> or the end of input; returns the last command's exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        console.MarkupLine($"[bold]phantom ctl[/] connected to [cyan]{Markup.Escape(client.Node)}[/]; [grey]help[/] lists commands, [grey]Tab[/] completes, [grey]exit[/] leaves.");
        var last = CtlExitCodes.Ok;
        while (!cancellation.IsCancellationRequested)
        {
            var line = reader.ReadLine(Prompt);
            if (line is null)
            {
                break;
            }

            var words = Tokenize(line);
            if (words.Count == 0)
            {
                continue;
            }

            if (words[0] is "exit" or "quit")
            {
                break;
            }

            if (words[0] == "help")
            {
                Help(console, words.Skip(1).ToArray());
                continue;
            }

            var asJson = json || words.Contains("--json");
            var context = new CtlContext(client, console, jsonOut, asJson) { PollInterval = PollInterval };
            using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            lock (_gate)
            {
                _current = run;
            }

            var watch = InterruptWatch?.Invoke(run);
            try
            {
                last = await CtlCommands.RunAsync(context, words.Where(w => w != "--json").ToArray(), errors, run.Token).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _current = null;
                }

                await run.CancelAsync().ConfigureAwait(false);
                if (watch is not null)
                {
                    await watch.ConfigureAwait(false);
                }
            }

            await jsonOut.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await errors.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return last;
    }

    /// <summary><c>help</c> (every command), <c>help stages</c> (a group) or <c>help stages attach</c> (one).</summary>
    public static void Help(IAnsiConsole console, IReadOnlyList<string> about)
    {
        ArgumentNullException.ThrowIfNull(console);
        var specs = CtlCommands.All.Where(s =>
            about.Count == 0 || (s.Group == about[0] && (about.Count < 2 || s.Verb == about[1]))).ToArray();
        if (specs.Length == 0)
        {
            console.MarkupLine($"[red]no command '{Markup.Escape(string.Join(' ', about))}'[/]; `help` lists them");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("command", "what it does");
        foreach (var spec in specs)
        {
            table.AddRow($"[bold]{Markup.Escape(spec.Synopsis)}[/]", Markup.Escape(spec.Help));
        }

        console.Write(table);
        if (about.Count == 0)
        {
            console.MarkupLine("[grey]add --json to a command for the node's JSON; `help <command>` for one; exit leaves[/]");
        }
    }

    /// <summary>Splits a line into words; double or single quotes keep spaces inside a word.</summary>
    public static IReadOnlyList<string> Tokenize(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in line ?? "")
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
