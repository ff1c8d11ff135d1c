using System.CommandLine;
using System.Globalization;
using Phantom.Cluster.Demo;
using Phantom.Streams.Configuration;
using Phantom.Streams.Journal;
using Phantom.Training.Replay;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom replay</c>: rebuilds sessions from stored events with the live feature code and writes a dataset CSV
/// (session_id, label, every session feature). The source is a JSON-lines events file (<c>--input</c>) or the persisted
/// journal (<c>--journal</c>, optionally <c>--from-ordering</c> and <c>--tag</c>).
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = TrainingCli.Input("Events to replay: a JSON-lines file of CONTRACTS.md events (what phantom demo --input reads).");
        input.Required = false;
        var journal = new Option<string?>("--journal")
        {
            Description = "Replay the event journal instead: a SQLite file path or a PostgreSQL connection string (Host=...; or postgres://...).",
        };
        var fromOrdering = new Option<long>("--from-ordering") { Description = "With --journal: only events after this global ordering.", DefaultValueFactory = _ => 0 };
        var tag = new Option<string?>("--tag") { Description = "With --journal: only events with this tag." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The dataset CSV to write.", Required = true };
        var labels = TrainingCli.Labels();
        var since = TrainingCli.Since();
        var until = TrainingCli.Until();
        var partitions = CliOptions.Partitions();
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        var command = new Command("replay", "Rebuild sessions and their features from stored events, exactly as the live pipeline computes them, into a dataset CSV.")
        {
            input, journal, fromOrdering, tag, output, labels, since, until, partitions, config, json,
        };
        command.Validators.Add(r =>
        {
            var fromFile = r.GetValue(input) is not null;
            var fromJournal = r.GetValue(journal) is not null;
            if (fromFile == fromJournal)
            {
                r.AddError("give exactly one of --input FILE and --journal CONNECTION.");
            }
            else if (fromFile && (r.GetValue(tag) is not null || r.GetValue(fromOrdering) != 0))
            {
                r.AddError("--from-ordering and --tag apply to --journal only.");
            }
            else if (r.GetValue(journal) is { } connection && !JournalFactory.IsPostgres(connection) && !File.Exists(connection))
            {
                r.AddError($"--journal: no such SQLite journal '{Path.GetFullPath(connection)}'.");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            if (TrainingCli.TryLoad(parse, config, labels, since, until, flags: CliConfiguration.FlagSetting.Of("--partitions", "phantom.pipeline.partitions", parse.GetValue(partitions))) is not { } loaded)
            {
                return ExitCodes.BadConfiguration;
            }

            var (options, replay) = loaded;
            try
            {
                _ = new SessionReplayer(options, replay); // validates the range before any output is created
            }
            catch (ArgumentException error)
            {
                Console.Terminal.Error(error.Message);
                return ExitCodes.BadConfiguration;
            }

            var journalConnection = parse.GetValue(journal);
            await using var store = journalConnection is null
                ? null
                : await JournalFactory.OpenAsync(new JournalOptions { Connection = journalConnection }, cancellation);
            IReplaySource source = store is null
                ? new JsonLinesReplaySource(parse.GetValue(input)!.FullName)
                : new JournalReplaySource(store, parse.GetValue(fromOrdering), parse.GetValue(tag));
            var inputPath = store is null ? parse.GetValue(input)!.FullName : source.Name;
            var outputPath = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            TrainingCli.Note($"replaying {inputPath} into {outputPath} ({replay.Partitions} session tables, as {replay.Partitions} live shards)");
            ReplayStatistics stats;
            var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            using (var writer = new SessionDatasetWriter(outputPath))
            {
                stats = new SessionReplayer(options, replay).Run(source, writer.Write, cancellation);
            }

            var cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var summary = new ReplaySummary
            {
                CpuSeconds = Math.Round(cpu, 3),
                EventsPerCpuSecond = Math.Round(cpu > 0 ? stats.Records / cpu : 0),
                Input = inputPath,
                Output = outputPath,
                Records = stats.Records,
                Events = stats.Events,
                Rejected = stats.Rejected,
                Ignored = stats.Ignored,
                OutOfRange = stats.OutOfRange,
                Sessions = stats.Sessions,
                HumanSessions = stats.HumanSessions,
                AgentSessions = stats.AgentSessions,
                UnlabelledSessions = stats.UnlabelledSessions,
                Partitions = replay.Partitions,
                ElapsedSeconds = Math.Round(stats.Elapsed.TotalSeconds, 3),
                EventsPerSecond = Math.Round(stats.Elapsed.TotalSeconds > 0 ? stats.Records / stats.Elapsed.TotalSeconds : 0),
            };
            TrainingCli.Table("replay", [
                ("records", TrainingCli.Count(summary.Records)),
                ("events applied", TrainingCli.Count(summary.Events)),
                ("rejected (dead-lettered live)", TrainingCli.Count(summary.Rejected)),
                ("ignored (admin pages)", TrainingCli.Count(summary.Ignored)),
                ("outside --since/--until", TrainingCli.Count(summary.OutOfRange)),
                ("sessions", TrainingCli.Count(summary.Sessions)),
                ("  human / agent / unlabelled", $"{TrainingCli.Count(summary.HumanSessions)} / {TrainingCli.Count(summary.AgentSessions)} / {TrainingCli.Count(summary.UnlabelledSessions)}"),
                ("elapsed (s)", TrainingCli.Number(summary.ElapsedSeconds, "0.000")),
                ("records/s (read, parse, sessions, CSV)", TrainingCli.Count((long)summary.EventsPerSecond)),
                ("CPU seconds (all threads, GC and JIT included)", TrainingCli.Number(summary.CpuSeconds, "0.000")),
                ("records per CPU second", TrainingCli.Count((long)summary.EventsPerCpuSecond)),
            ]);
            if (parse.GetValue(json) is { } file)
            {
                await SummaryJson.WriteAsync(file.FullName, summary);
                TrainingCli.Note($"summary written to {file.FullName}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
