using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Phantom.Streams.Configuration;
using Phantom.Training.Replay;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// What the replay, train and evaluate commands share: their common flags, loading the configuration, reading sessions
/// from an events file or a dataset CSV with progress, and printing result tables.
/// </summary>
internal static class TrainingCli
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Option<FileInfo> Input(string description) => new("--input", "-i")
    {
        Description = description,
        Required = true,
        Validators =
        {
            r =>
            {
                if (r.GetValueOrDefault<FileInfo>() is { Exists: false } f)
                {
                    r.AddError($"--input: no such file '{f.FullName}'.");
                }
            },
        },
    };

    public static Option<FileInfo?> Labels() => new("--labels")
    {
        Description = "CSV of experiment_id,label (human|agent): labels sessions by experimentId, over the generator's ground truth.",
        Validators =
        {
            r =>
            {
                if (r.GetValueOrDefault<FileInfo?>() is { Exists: false } f)
                {
                    r.AddError($"--labels: no such file '{f.FullName}'.");
                }
            },
        },
    };

    public static Option<DateTimeOffset?> Since() => new("--since") { Description = "Only events at or after this event time (ISO-8601, e.g. 2025-11-25T20:00:00Z)." };

    public static Option<DateTimeOffset?> Until() => new("--until") { Description = "Only events before this event time (ISO-8601)." };

    public static Option<DirectoryInfo> OutDirectory() => new("--out", "-o") { Description = "Directory of the model artifact (weights and model.json).", Required = true };

    /// <summary>
    /// Options (the <c>embedded</c> overlay, <c>--config</c>, environment, <paramref name="flags"/>) and replay options
    /// from a Lambda-branch command's flags; null after printing why they could not be built.
    /// </summary>
    public static (PhantomOptions Options, ReplayOptions Replay)? TryLoad(
        ParseResult parse,
        Option<FileInfo?> config,
        Option<FileInfo?> labels,
        Option<DateTimeOffset?> since,
        Option<DateTimeOffset?> until,
        bool trajectories = false,
        params CliConfiguration.FlagSetting[] flags)
    {
        var options = CliConfiguration.TryLoad("embedded", parse.GetValue(config), flags);
        if (options is null)
        {
            return null;
        }

        try
        {
            return (options, ReplayOptions(parse, labels, since, until, options.Pipeline.ResolvedPartitions, trajectories));
        }
        catch (Exception error) when (error is InvalidDataException or ArgumentException)
        {
            Console.Terminal.Error(error.Message);
            return null;
        }
    }

    /// <summary>Replay options from the common flags, with a progress line at most once a second.</summary>
    public static ReplayOptions ReplayOptions(ParseResult parse, Option<FileInfo?> labels, Option<DateTimeOffset?> since, Option<DateTimeOffset?> until, int partitions, bool trajectories = false)
    {
        var printer = new ProgressPrinter();
        return new ReplayOptions
        {
            Labels = parse.GetValue(labels) is { } file ? ExperimentLabels.Load(file.FullName) : null,
            Since = parse.GetValue(since),
            Until = parse.GetValue(until),
            Partitions = partitions,
            KeepTrajectories = trajectories,
            Progress = printer.Report,
        };
    }

    /// <summary>Sessions from a dataset CSV written by <c>phantom replay</c>, or replayed from an events file.</summary>
    public static (SessionDataset Data, string Description) LoadSessions(FileInfo input, PhantomOptions options, ReplayOptions replay)
    {
        if (IsDataset(input.FullName))
        {
            var data = SessionDataset.Load(input.FullName);
            return (data, $"{input.FullName} (dataset, {data.Count:N0} sessions)");
        }

        var dataset = new SessionDataset();
        var stats = new SessionReplayer(options, replay).Run(new JsonLinesReplaySource(input.FullName), dataset.Add);
        Note($"replayed {stats.Events:N0} events into {stats.Sessions:N0} sessions ({stats.HumanSessions:N0} human, {stats.AgentSessions:N0} agent, {stats.UnlabelledSessions:N0} unlabelled; {stats.Rejected:N0} rejected)");
        return (dataset, Describe(input.FullName, replay, stats));
    }

    /// <summary>True when the file starts with the dataset header.</summary>
    public static bool IsDataset(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine() == SessionDatasetWriter.Header;
    }

    public static string Describe(string path, ReplayOptions replay, ReplayStatistics stats)
    {
        var range = stats.FirstEventMs is { } first && stats.LastEventMs is { } last
            ? $"events {DateTimeOffset.FromUnixTimeMilliseconds(first):O} .. {DateTimeOffset.FromUnixTimeMilliseconds(last):O}"
            : "no events";
        var filter = replay.Since is null && replay.Until is null ? "" : $", filtered to [{replay.Since:O}, {replay.Until:O})";
        return $"{path}: {stats.Events:N0} events, {stats.Sessions:N0} sessions, {range}{filter}";
    }

    public static void Note(string text) => AnsiConsole.MarkupLineInterpolated($"[grey]{text}[/]");

    /// <summary>A two-column table of names and values.</summary>
    public static void Table(string title, IEnumerable<(string Name, string Value)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(title)}[/]").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (name, value) in rows)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        AnsiConsole.Write(table);
    }

    public static string Number(double value, string format = "0.0000") => double.IsNaN(value) ? "n/a" : value.ToString(format, Invariant);

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>Prints replay progress at most once a second (and nothing for a replay shorter than that).</summary>
    private sealed class ProgressPrinter
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public void Report(ReplayProgress progress)
        {
            if (_since.Elapsed < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _since.Restart();
            AnsiConsole.MarkupLineInterpolated(
                $"[grey]{progress.Elapsed:mm\\:ss}[/] {progress.Records,12:N0} records  {progress.Events,12:N0} events  {progress.Sessions,10:N0} sessions  {progress.RecordsPerSecond,11:N0} rec/s");
        }
    }
}
