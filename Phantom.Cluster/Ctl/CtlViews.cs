using System.Text.Json;
using Spectre.Console;

namespace Phantom.Cluster.Ctl;

/// <summary>How <c>phantom ctl</c> draws the admin API's answers: Spectre tables, statuses and levels in colour.</summary>
internal static class CtlViews
{
    public static string StatusColour(string status) => status switch
    {
        "up" => "green",
        "joining" or "leaving" => "yellow",
        "unreachable" => "red",
        _ => "grey",
    };

    private static string LevelColour(string level) => level switch
    {
        "error" or "critical" => "red",
        "warning" => "yellow",
        "information" => "default",
        _ => "grey",
    };

    private static string E(string text) => Markup.Escape(text);

    public static void Cluster(IAnsiConsole console, JsonElement json)
    {
        var self = json.Text("self");
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]cluster {E(json.Text("cluster"))}[/] (asked {E(self)})")
            .AddColumns("node", "address", "status", "roles", "shards", "entities", "lag", "events/s", "version", "started", "last heartbeat");
        foreach (var node in json.Items("nodes"))
        {
            var id = node.Text("id");
            var status = node.Text("status");
            table.AddRow(
                id == self ? $"[bold]{E(id)}[/] *" : E(id),
                E(node.Text("address")),
                $"[{StatusColour(status)}]{E(status)}[/]",
                E(node.Text("roles")),
                E(CtlJson.Ranges(node.Items("shards").Select(s => s.GetInt64()))),
                E(node.Text("entities")),
                E(node.Text("lag")),
                E(node.Text("events_per_second")),
                E(node.Text("version")),
                E(node.Text("started")),
                E(node.Text("last_heartbeat")));
        }

        console.Write(table);
    }

    public static void ClusterStatus(IAnsiConsole console, JsonElement json)
    {
        var nodes = json.Items("nodes").ToArray();
        var byStatus = nodes.GroupBy(n => n.Text("status")).OrderBy(g => g.Key, StringComparer.Ordinal);
        console.MarkupLine($"[bold]cluster {E(json.Text("cluster"))}[/]: {nodes.Length} node(s), {nodes.Sum(n => n.Items("shards").Count())} shard(s), {nodes.Sum(n => n.Long("entities")):N0} entities, {nodes.Sum(n => n.Double("events_per_second")):N0} events/s");
        foreach (var group in byStatus)
        {
            console.MarkupLine($"  [{StatusColour(group.Key)}]{E(group.Key)}[/]: {group.Count()} ({E(string.Join(", ", group.Select(n => n.Text("id"))))})");
        }
    }

    public static void MemberEvent(IAnsiConsole console, JsonElement e)
    {
        var kind = e.Text("kind");
        var colour = kind switch
        {
            "unreachable" or "down" or "removed" => "red",
            "joined" or "up" or "reachable" => "green",
            "leaving" => "yellow",
            _ => "cyan",
        };
        console.MarkupLine($"[grey]{E(e.Text("seq"))} {E(e.Text("at"))}[/] {E(e.Text("node"))} [{colour}]{E(kind)}[/] {E(e.Text("detail"))}");
    }

    public static void LogLine(IAnsiConsole console, JsonElement line)
    {
        var level = line.Text("level");
        console.MarkupLine($"[grey]{E(line.Text("seq"))} {E(line.Text("at"))}[/] [{LevelColour(level)}]{E(level),-11}[/] [cyan]{E(line.Text("category"))}[/] {E(line.Text("message"))}");
    }

    public static void Shards(IAnsiConsole console, JsonElement json)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]shards per node[/]")
            .AddColumn("node").AddColumn(new TableColumn("shards").RightAligned()).AddColumn("which")
            .AddColumn(new TableColumn("entities").RightAligned()).AddColumn(new TableColumn("lag").RightAligned())
            .AddColumn(new TableColumn("events/s").RightAligned());
        long shards = 0, entities = 0, lag = 0;
        double rate = 0;
        foreach (var node in json.Items("nodes"))
        {
            var list = node.Items("shards").Select(s => s.GetInt64()).ToArray();
            shards += list.Length;
            entities += node.Long("entities");
            lag += node.Long("lag");
            rate += node.Double("events_per_second");
            table.AddRow(E(node.Text("node")), list.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), E(CtlJson.Ranges(list)),
                E(node.Text("entities")), E(node.Text("lag")), E(node.Text("events_per_second")));
        }

        table.AddRow("[bold]total[/]", shards.ToString(System.Globalization.CultureInfo.InvariantCulture), "", $"{entities:N0}", $"{lag:N0}", E(CtlJson.Round(rate)));
        console.Write(table);
    }

    public static void Session(IAnsiConsole console, JsonElement json)
    {
        var head = new Table().Border(TableBorder.Rounded).Title($"[bold]session {E(json.Text("session_id"))}[/]").AddColumns("field", "value");
        foreach (var field in new[] { "shard", "node", "events", "last_sequence", "f_tau" })
        {
            head.AddRow(E(field), E(json.Text(field)));
        }

        if (json.Get("q_hat") is { } qHat)
        {
            head.AddRow("q_hat (session)", E(qHat.Text("session")));
        }

        console.Write(head);
        var features = new Table().Border(TableBorder.Simple).AddColumn("feature").AddColumn(new TableColumn("value").RightAligned());
        foreach (var f in json.Fields("features"))
        {
            features.AddRow(E(f.Name), E(CtlJson.Show(f.Value)));
        }

        console.Write(features);
        var products = new Table().Border(TableBorder.Simple).AddColumn("product").AddColumn(new TableColumn("q̂").RightAligned()).AddColumn(new TableColumn("price").RightAligned());
        var qProducts = json.Get("q_hat") is { } q ? q.Fields("products").ToDictionary(p => p.Name, p => CtlJson.Show(p.Value)) : [];
        var prices = json.Fields("prices").ToDictionary(p => p.Name, p => CtlJson.Show(p.Value));
        foreach (var id in qProducts.Keys.Union(prices.Keys).Order(StringComparer.Ordinal))
        {
            products.AddRow(E(id), E(qProducts.GetValueOrDefault(id, "")), E(prices.GetValueOrDefault(id, "")));
        }

        console.Write(products);
        var last = json.Items("last_events").ToArray();
        if (last.Length > 0)
        {
            console.MarkupLine("[bold]last events[/]");
            foreach (var e in last)
            {
                console.MarkupLine($"  {E(LastEvent(e))}");
            }
        }
    }

    // "#12  2026-11-22T03:50:01.123Z  view_item_page  hotel-deluxe-01": the journaled record's telling fields on one line.
    private static string LastEvent(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return CtlJson.Show(e);
        }

        if (e.Get("event") is not { ValueKind: JsonValueKind.Object } record)
        {
            return string.Join("  ", e.EnumerateObject().Select(p => $"{p.Name}={CtlJson.Show(p.Value)}"));
        }

        string[] fields = ["ts", "eventName", "productId", "page"];
        return string.Join("  ", new[] { "#" + e.Text("sequence_nr") }
            .Concat(fields.Select(name => record.Get(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : ""))
            .Where(text => text.Length > 0));
    }

    public static void Stages(IAnsiConsole console, JsonElement json)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]stages[/]")
            .AddColumn(new TableColumn("#").RightAligned()).AddColumn("stage").AddColumn(new TableColumn("events").RightAligned())
            .AddColumn(new TableColumn("stopped").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned()).AddColumn("kind");
        var summaries = new List<(string Name, JsonElement Summary)>();
        foreach (var stage in json.Items("stages"))
        {
            var name = stage.Text("name");
            table.AddRow(E(stage.Text("position")), $"[bold]{E(name)}[/]", E(stage.Text("events")), E(stage.Text("stopped")), E(stage.Text("p99_ms")),
                stage.Get("required") is { ValueKind: JsonValueKind.False } ? "[cyan]attached[/]" : "configured");
            if (stage.Get("summary") is { ValueKind: JsonValueKind.Object } summary)
            {
                summaries.Add((name, summary));
            }
        }

        console.Write(table);
        foreach (var (name, summary) in summaries)
        {
            Summary(console, name, summary);
        }

        console.MarkupLine($"available to attach: {E(json.Text("available"))}");
    }

    /// <summary>A tap's summary: scalar fields on one line each, nested objects flattened, lists as indented lines.</summary>
    public static void Summary(IAnsiConsole console, string name, JsonElement summary)
    {
        var table = new Table().Border(TableBorder.Simple).Title($"[cyan]{E(name)}[/]").AddColumns("", "");
        table.ShowHeaders = false;
        foreach (var field in summary.EnumerateObject())
        {
            if (field.Value.ValueKind == JsonValueKind.Array)
            {
                var rows = field.Value.EnumerateArray().Select(CtlJson.Show).ToArray();
                table.AddRow(E(field.Name), E(rows.Length == 0 ? "(none)" : string.Join("\n", rows)));
            }
            else
            {
                table.AddRow(E(field.Name), E(CtlJson.Show(field.Value)));
            }
        }

        console.Write(table);
    }

    public static void Metrics(IAnsiConsole console, JsonElement json)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]metrics of {E(json.Text("node"))}[/]").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var field in new[] { "state", "events", "events_per_second", "completed", "rejected", "failures", "dropped", "in_flight", "live_sessions", "partitions" })
        {
            if (json.Get(field) is not null)
            {
                table.AddRow(E(field.Replace('_', ' ')), E(json.Text(field)));
            }
        }

        if (json.Get("latency_ms") is { } latency)
        {
            table.AddRow("latency p50 / p99 ms", E($"{latency.Text("p50")} / {latency.Text("p99")}"));
        }

        foreach (var reason in json.Fields("rejected_by_reason"))
        {
            table.AddRow(E($"rejected: {reason.Name}"), E(CtlJson.Show(reason.Value)));
        }

        foreach (var p in json.Fields("pricing"))
        {
            table.AddRow(E($"pricing {p.Name.Replace('_', ' ')}"), E(CtlJson.Show(p.Value)));
        }

        console.Write(table);
        var stages = new Table().Border(TableBorder.Simple).AddColumn("stage").AddColumn(new TableColumn("events").RightAligned())
            .AddColumn(new TableColumn("stopped").RightAligned()).AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned());
        foreach (var s in json.Fields("stages"))
        {
            stages.AddRow(E(s.Name), E(s.Value.Text("events")), E(s.Value.Text("stopped")), E(s.Value.Text("p50_ms")), E(s.Value.Text("p99_ms")));
        }

        console.Write(stages);
        var shards = new Table().Border(TableBorder.Simple).AddColumn(new TableColumn("shard").RightAligned()).AddColumn(new TableColumn("queue").RightAligned())
            .AddColumn(new TableColumn("events").RightAligned()).AddColumn(new TableColumn("rejected").RightAligned());
        foreach (var s in json.Items("shards"))
        {
            shards.AddRow(E(s.Text("shard")), E(s.Text("queue_depth")), E(s.Text("events")), E(s.Text("rejected")));
        }

        console.Write(shards);
        foreach (var tap in json.Fields("taps"))
        {
            Summary(console, tap.Name, tap.Value);
        }
    }

    public static void Models(IAnsiConsole console, JsonElement json)
    {
        var served = new Table().Border(TableBorder.Rounded).Title("[bold]served[/]").AddColumns("what", "model");
        foreach (var field in new[] { "policy", "model_version", "kernels", "detector", "registry" })
        {
            served.AddRow(E(field), E(json.Text(field)));
        }

        if (json.Get("last_reload") is { } reload)
        {
            served.AddRow("last reload", E($"{reload.Text("outcome")}: {reload.Text("message")}"));
        }

        console.Write(served);
        var models = json.Items("models").ToArray();
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]registry[/]").AddColumns("name", "version", "kind", "algorithm", "created", "promoted");
        foreach (var m in models)
        {
            table.AddRow(E(m.Text("name")), E(m.Text("version")), E(m.Text("kind")), E(m.Text("algorithm")), E(m.Text("created")),
                m.Get("promoted") is { ValueKind: JsonValueKind.True } ? "[green]promoted[/]" : "");
        }

        console.Write(table);
        if (models.Length == 0)
        {
            console.MarkupLine("[grey]the registry is empty; register artifacts with `phantom models register DIR`[/]");
        }
    }

    /// <summary>Any object as a two-column table (nested values flattened to text).</summary>
    public static void Fields(IAnsiConsole console, JsonElement json, string? title = null)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("field", "value");
        if (title is not null)
        {
            table.Title($"[bold]{E(title)}[/]");
        }

        if (json.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in json.EnumerateObject())
            {
                table.AddRow(E(field.Name), E(CtlJson.Show(field.Value)));
            }
        }

        console.Write(table);
    }
}
