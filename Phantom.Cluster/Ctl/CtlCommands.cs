using System.Text.Json;
using Spectre.Console;

namespace Phantom.Cluster.Ctl;

/// <summary>
/// Every <c>phantom ctl</c> command (the pbm of Phantom) and what it does against the admin API. One-shot commands
/// print a table, or with <c>--json</c> the node's answer exactly as sent; the tails follow until Ctrl+C (with
/// <c>--json</c>, one JSON object per line).
/// </summary>
public static class CtlCommands
{
    /// <summary>The command table, in the order <c>help</c> lists it.</summary>
    public static IReadOnlyList<CtlCommandSpec> All { get; } =
    [
        new("cluster", "show", "", 0, 0, "Every node of the cluster: address, status, roles, shards, entities, lag, events/s, last heartbeat (GET /admin/cluster).", (c, _, t) => ShowAsync(c, "admin/cluster", CtlViews.Cluster, t)),
        new("cluster", "status", "", 0, 0, "One line per status and the cluster's totals; exit code 1 when a node is unreachable (GET /admin/cluster).", ClusterStatusAsync),
        new("cluster", "tail", "", 0, 0, "Follow the membership log (joined, up, leaving, removed, unreachable, shard and stage changes) until Ctrl+C (GET /admin/cluster/events).", ClusterTailAsync),
        new("cluster", "leave", "<node>", 1, 1, "Ask a node to leave gracefully: drain, commit, hand its shards off (POST /admin/cluster/leave/{node}).", (c, a, t) => PostAndShowAsync(c, $"admin/cluster/leave/{Uri.EscapeDataString(a[0])}", null, $"{a[0]} is leaving", t)),
        new("cluster", "down", "<node>", 1, 1, "Mark an unreachable node removed so its shards move (POST /admin/cluster/down/{node}); refused while it still heartbeats.", (c, a, t) => PostAndShowAsync(c, $"admin/cluster/down/{Uri.EscapeDataString(a[0])}", null, $"{a[0]} is marked down", t)),
        new("shards", "stats", "", 0, 0, "Per node: shards hosted, entities (live sessions), consumer lag, events/s, like pbm's region-stats (GET /admin/shards).", (c, _, t) => ShowAsync(c, "admin/shards", CtlViews.Shards, t)),
        new("shards", "where", "<sessionId>", 1, 1, "Which shard and node own a session (GET /admin/shards/where/{sessionId}).", (c, a, t) => ShowAsync(c, $"admin/shards/where/{Uri.EscapeDataString(a[0])}", (console, json) => CtlViews.Fields(console, json, "session"), t)),
        new("session", "show", "<sessionId>", 1, 1, "One session's full state from its owner: features, f(τ), q̂, prices, last events (GET /admin/sessions/{sessionId}).", SessionShowAsync),
        new("stages", "list", "", 0, 0, "The running graph in order with events and p99 per stage, tap summaries, and the stages you can attach (GET /admin/stages).", (c, _, t) => ShowAsync(c, "admin/stages", CtlViews.Stages, t)),
        new("stages", "attach", "<name> [after]", 1, 2, "Attach a registered stage (log-tap, sample, shadow-<policy>) after a stage or at the end; shards switch at their next batch (POST /admin/stages/attach).", (c, a, t) => StageChangeAsync(c, "attach", a, t)),
        new("stages", "detach", "<name>", 1, 1, "Detach an attached stage; the configured graph cannot be detached (POST /admin/stages/detach).", (c, a, t) => StageChangeAsync(c, "detach", a, t)),
        new("log", "peek", "[count]", 0, 1, "The node's newest log lines (default 20) (GET /admin/log).", LogPeekAsync),
        new("log", "tail", "", 0, 0, "Follow the node log until Ctrl+C (GET /admin/log?after=N).", LogTailAsync),
        new("metrics", null, "", 0, 0, "Events, rejections, events/s, live sessions, latency, per-stage and per-shard numbers, tap summaries (GET /admin/metrics).", (c, _, t) => ShowAsync(c, "admin/metrics", CtlViews.Metrics, t)),
        new("models", "list", "", 0, 0, "What the node serves and every registry artifact, promoted ones marked (GET /models).", (c, _, t) => ShowAsync(c, "models", CtlViews.Models, t)),
        new("models", "promote", "<name[@version]> [kind]", 1, 2, "Promote a registry artifact and reload the node's models now (POST /admin/models/promote).", ModelsPromoteAsync),
    ];

    /// <summary>The command named by the first words of <paramref name="words"/>, and the arguments after them.</summary>
    /// <exception cref="CtlException">Unknown command or wrong number of arguments (exit code 2), with the usage.</exception>
    public static (CtlCommandSpec Spec, IReadOnlyList<string> Arguments) Resolve(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            throw new CtlException(CtlExitCodes.Usage, "no command given; try `help`");
        }

        var group = All.Where(s => s.Group == words[0]).ToArray();
        if (group.Length == 0)
        {
            throw new CtlException(CtlExitCodes.Usage, $"unknown command '{words[0]}'; commands: {string.Join(", ", All.Select(s => s.Group).Distinct())}");
        }

        CtlCommandSpec spec;
        IReadOnlyList<string> arguments;
        if (group.Length == 1 && group[0].Verb is null)
        {
            (spec, arguments) = (group[0], words.Skip(1).ToArray());
        }
        else
        {
            var verbs = string.Join("|", group.Select(s => s.Verb));
            if (words.Count < 2)
            {
                throw new CtlException(CtlExitCodes.Usage, $"{words[0]} needs a subcommand: {words[0]} {verbs}");
            }

            spec = group.FirstOrDefault(s => s.Verb == words[1])
                ?? throw new CtlException(CtlExitCodes.Usage, $"unknown command '{words[0]} {words[1]}'; try {words[0]} {verbs}");
            arguments = words.Skip(2).ToArray();
        }

        if (arguments.Count < spec.MinArgs || arguments.Count > spec.MaxArgs)
        {
            throw new CtlException(CtlExitCodes.Usage, $"usage: {spec.Synopsis}");
        }

        return (spec, arguments);
    }

    /// <summary>Runs <paramref name="words"/> and returns the exit code; errors are printed to <paramref name="errors"/>.</summary>
    public static async Task<int> RunAsync(CtlContext context, IReadOnlyList<string> words, TextWriter errors, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            var (spec, arguments) = Resolve(words);
            await spec.Run(context, arguments, cancellation).ConfigureAwait(false);
            return CtlExitCodes.Ok;
        }
        catch (CtlException error)
        {
            await errors.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            return error.ExitCode;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return CtlExitCodes.Ok; // Ctrl+C ends a tail: the normal way out
        }
    }

    /// <summary>
    /// GET <paramref name="path"/>: with <c>--json</c> the node's answer exactly as sent, else <paramref name="view"/>
    /// renders it. Returns the reply for commands that look further into it.
    /// </summary>
    private static async Task<CtlReply> ShowAsync(CtlContext context, string path, Action<IAnsiConsole, JsonElement> view, CancellationToken cancellation)
    {
        var reply = await context.Client.GetAsync(path, cancellation).ConfigureAwait(false);
        if (context.Json)
        {
            await context.JsonOut.WriteLineAsync(reply.Raw).ConfigureAwait(false);
        }
        else
        {
            view(context.Console, reply.Json);
        }

        return reply;
    }

    private static async Task ClusterStatusAsync(CtlContext context, IReadOnlyList<string> _, CancellationToken cancellation)
    {
        var reply = await ShowAsync(context, "admin/cluster", CtlViews.ClusterStatus, cancellation).ConfigureAwait(false);

        var unreachable = reply.Json.Items("nodes").Count(n => n.Text("status") == "unreachable");
        if (unreachable > 0)
        {
            throw new CtlException(CtlExitCodes.Failed, $"node {context.Client.Node}: {unreachable} node(s) unreachable");
        }
    }

    private static Task ClusterTailAsync(CtlContext context, IReadOnlyList<string> _, CancellationToken cancellation) =>
        FollowAsync(context, "admin/cluster/events", "events", 10, e => CtlViews.MemberEvent(context.Console, e), cancellation);

    private static Task LogTailAsync(CtlContext context, IReadOnlyList<string> _, CancellationToken cancellation) =>
        FollowAsync(context, "admin/log", "lines", 10, l => CtlViews.LogLine(context.Console, l), cancellation);

    /// <summary>
    /// Prints the newest <paramref name="backlog"/> items of a paged log (<c>?after=N&amp;limit=M</c>, answering
    /// <c>{items, last}</c>), then polls for more until cancelled.
    /// </summary>
    private static async Task FollowAsync(CtlContext context, string path, string field, int backlog, Action<JsonElement> show, CancellationToken cancellation)
    {
        const int Page = 500;
        long after = 0;
        var first = true;
        var recent = new Queue<JsonElement>();
        while (true)
        {
            var reply = await context.Client.GetAsync($"{path}?after={after}&limit={Page}", cancellation).ConfigureAwait(false);
            var items = reply.Json.Items(field).ToArray();
            foreach (var item in items)
            {
                after = Math.Max(after, item.Long("seq"));
                if (first)
                {
                    recent.Enqueue(item);
                    if (recent.Count > backlog)
                    {
                        recent.Dequeue();
                    }
                }
                else
                {
                    await Emit(item).ConfigureAwait(false);
                }
            }

            after = Math.Max(after, items.Length == 0 ? reply.Json.Long("last") : after);
            if (items.Length >= Page)
            {
                continue; // more backlog (or a burst): read on before waiting
            }

            if (first)
            {
                first = false;
                foreach (var item in recent)
                {
                    await Emit(item).ConfigureAwait(false);
                }

                if (!context.Json)
                {
                    context.Console.MarkupLine($"[grey]following {Markup.Escape(context.Client.Node)}; Ctrl+C stops[/]");
                }
            }

            await Task.Delay(context.PollInterval, cancellation).ConfigureAwait(false);
        }

        async Task Emit(JsonElement item)
        {
            if (context.Json)
            {
                await context.JsonOut.WriteLineAsync(item.GetRawText()).ConfigureAwait(false);
                await context.JsonOut.FlushAsync(cancellation).ConfigureAwait(false);
            }
            else
            {
                show(item);
            }
        }
    }

    private static async Task PostAndShowAsync(CtlContext context, string path, object? body, string done, CancellationToken cancellation)
    {
        var reply = await context.Client.PostAsync(path, body, cancellation).ConfigureAwait(false);
        if (context.Json)
        {
            await context.JsonOut.WriteLineAsync(reply.Raw).ConfigureAwait(false);
            return;
        }

        context.Console.MarkupLine($"[green]{Markup.Escape(done)}[/]");
        CtlViews.Fields(context.Console, reply.Json);
    }

    private static async Task SessionShowAsync(CtlContext context, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        try
        {
            await ShowAsync(context, $"admin/sessions/{Uri.EscapeDataString(arguments[0])}", CtlViews.Session, cancellation).ConfigureAwait(false);
        }
        catch (CtlException error) when (error.ExitCode == CtlExitCodes.NotFound)
        {
            throw new CtlException(CtlExitCodes.NotFound, $"node {context.Client.Node}: unknown session '{arguments[0]}' (no node has it)", error);
        }
    }

    private static async Task StageChangeAsync(CtlContext context, string verb, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var body = new Dictionary<string, object?> { ["name"] = arguments[0] };
        if (arguments.Count > 1)
        {
            body["after"] = arguments[1];
        }

        var reply = await context.Client.PostAsync($"admin/stages/{verb}", body, cancellation).ConfigureAwait(false);
        if (context.Json)
        {
            await context.JsonOut.WriteLineAsync(reply.Raw).ConfigureAwait(false);
            return;
        }

        context.Console.MarkupLine($"[green]{Markup.Escape(verb == "attach" ? "attached" : "detached")}[/] [bold]{Markup.Escape(arguments[0])}[/] on {Markup.Escape(context.Client.Node)}; shards switch at their next batch");
        context.Console.MarkupLine($"graph: {Markup.Escape(string.Join(" → ", reply.Json.Items("graph").Select(CtlJson.Show)))}");
    }

    private static async Task LogPeekAsync(CtlContext context, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var count = 20;
        if (arguments.Count > 0 && (!int.TryParse(arguments[0], out count) || count < 1))
        {
            throw new CtlException(CtlExitCodes.Usage, $"log peek: count must be a positive number, got '{arguments[0]}'");
        }

        await ShowAsync(context, $"admin/log?after=-1&limit={count}", (console, json) =>
        {
            foreach (var line in json.Items("lines"))
            {
                CtlViews.LogLine(console, line);
            }
        }, cancellation).ConfigureAwait(false);
    }

    private static async Task ModelsPromoteAsync(CtlContext context, IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var reference = arguments[0];
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var body = new Dictionary<string, object?> { ["name"] = at < 0 ? reference : reference[..at] };
        if (at >= 0)
        {
            body["version"] = reference[(at + 1)..];
        }

        if (arguments.Count > 1)
        {
            body["kind"] = arguments[1];
        }

        var reply = await context.Client.PostAsync("admin/models/promote", body, cancellation).ConfigureAwait(false);
        if (context.Json)
        {
            await context.JsonOut.WriteLineAsync(reply.Raw).ConfigureAwait(false);
            return;
        }

        var promoted = reply.Json.Get("promoted");
        context.Console.MarkupLine($"[green]promoted[/] {Markup.Escape(promoted?.Text("name") ?? reference)}@{Markup.Escape(promoted?.Text("version") ?? "")} ({Markup.Escape(promoted?.Text("kind") ?? "")}) on {Markup.Escape(context.Client.Node)}");
        CtlViews.Fields(context.Console, reply.Json);
    }
}
