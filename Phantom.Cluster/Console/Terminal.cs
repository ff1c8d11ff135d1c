using System.Globalization;
using Phantom.Cluster.Demo;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Metrics;
using Spectre.Console;

namespace Phantom.Cluster.Console;

/// <summary>
/// Everything the commands print: progress lines, summary tables, notes and errors. Spectre.Console drops colour on
/// its own when the output is not a terminal, so the same calls serve people and log files.
/// </summary>
internal static class Terminal
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Header(PhantomOptions options, string input, long? events)
    {
        var what = events is { } n ? $"{n:N0} generated events, α = {options.Generator.Alpha.ToString("0.###", Invariant)}, seed {options.Generator.Seed}" : input;
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]phantom demo[/]: {what}; {options.Pipeline.ResolvedPartitions} shards; policy [cyan]{options.Pricing.Policy}[/]");
    }

    public static void Progress(TimeSpan elapsed, long events, double rate, long liveSessions, double likelyAgentShare, double humanPrice, double agentPrice)
    {
        // Plain text, one line: progress goes to logs as often as to terminals, and must not wrap.
        System.Console.Out.WriteLine(string.Create(Invariant,
            $"{elapsed:mm\\:ss} {events,12:N0} events {rate,11:N0} ev/s {liveSessions,9:N0} live sessions | prices to likely agents {Percent(likelyAgentShare),6} | mean price human {Money(humanPrice),8} agent {Money(agentPrice),8}"));
    }

    public static void Summary(DemoSummary s, PipelineMetrics metrics, InMemoryDeadLetterSink deadLetters, long globalSteps, bool drained)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]summary[/]").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        Row(table, "events", s.Events.ToString("N0", Invariant));
        Row(table, "rejected (dead-lettered)", s.Rejected.ToString("N0", Invariant));
        Row(table, "ignored (admin pages)", s.Ignored.ToString("N0", Invariant));
        Row(table, "sessions", s.Sessions.ToString("N0", Invariant));
        Row(table, "events/s", s.EventsPerSecond.ToString("N0", Invariant));
        Row(table, "latency p50 / p99 (ms)", $"{s.LatencyP50Ms.ToString("0.###", Invariant)} / {s.LatencyP99Ms.ToString("0.###", Invariant)}");
        Row(table, "agent AUC, f(τ) alone", Number(s.AgentAuc));
        Row(table, "agent AUC, live detector", Number(s.DetectorAuc));
        Row(table, "agents: true / detected", $"{Percent(s.AgentShareTrue)} / {Percent(s.AgentShareDetected)}");
        Row(table, "priced events", s.PricedEvents.ToString("N0", Invariant));
        Row(table, "mean price human / agent", $"{Money(s.MeanPriceHuman)} / {Money(s.MeanPriceAgent)}");
        Row(table, "mean markup human / agent", $"{Number(s.MeanMarkupHuman)} / {Number(s.MeanMarkupAgent)}");
        Row(table, "COI level (mean price − floor)", Money(s.CoiLevel));
        Row(table, "shield fallbacks", s.ShieldFallbacks.ToString("N0", Invariant));
        Row(table, "global price steps", globalSteps.ToString("N0", Invariant));
        AnsiConsole.Write(table);

        var stages = new Table().Border(TableBorder.Simple).AddColumns("stage", "in", "stopped", "p50 ms", "p99 ms");
        foreach (var stage in metrics.Stages)
        {
            stages.AddRow(stage.Name, stage.In.ToString("N0", Invariant), stage.Stopped.ToString("N0", Invariant),
                stage.P50Ms.ToString("0.####", Invariant), stage.P99Ms.ToString("0.####", Invariant));
        }

        AnsiConsole.Write(stages);
        foreach (var (reason, count) in deadLetters.Counts().Where(c => c.Value > 0).OrderBy(c => c.Key))
        {
            AnsiConsole.MarkupLineInterpolated($"  rejected [yellow]{reason.ToWire()}[/]: {count:N0}");
        }

        if (!drained)
        {
            Error("the drain timed out; in-flight events were dropped (see phantom.pipeline.drain-timeout)");
        }
    }

    public static void Note(string text) => AnsiConsole.MarkupLineInterpolated($"[grey]{text}[/]");

    /// <summary>Errors go to standard error as plain text, so scripts and logs read them without escape codes.</summary>
    public static void Error(string text) => System.Console.Error.WriteLine($"error: {text}");

    private static void Row(Table table, string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0000", Invariant);

    private static string Money(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", Invariant);

    private static string Percent(double share) => double.IsNaN(share) ? "n/a" : share.ToString("P1", Invariant);
}
