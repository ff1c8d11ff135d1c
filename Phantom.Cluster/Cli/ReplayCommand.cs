using System.CommandLine;
using System.Globalization;
using Phantom.Cluster.Demo;
using Phantom.Streams.Configuration;
using Phantom.Training.Replay;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom replay</c>: rebuilds sessions from stored events with the live feature code and writes a dataset CSV
/// (session_id, label, every session feature). The source is a JSON-lines events file; the persisted journal
/// (<c>--journal</c>, <c>--from-ordering</c>, <c>--tag</c>) plugs in through <see cref="IReplaySource"/> once it exists.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = TrainingCli.Input("Events to replay: a JSON-lines file of CONTRACTS.md events (what phantom demo --input reads).");
        var output = new Option<FileInfo>("--out", "-o") { Description = "The dataset CSV to write.", Required = true };
        var labels = TrainingCli.Labels();
        var since = TrainingCli.Since();
        var until = TrainingCli.Until();
        var partitions = CliOptions.Partitions();
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        var command = new Command("replay", "Rebuild sessions and their features from stored events, exactly as the live pipeline computes them, into a dataset CSV.")
        {
            input, output, labels, since, until, partitions, config, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            PhantomOptions options;
            ReplayOptions replay;
            try
            {
                options = TrainingCli.LoadOptions(parse.GetValue(config),
                    ("phantom.pipeline.partitions", parse.GetValue(partitions)?.ToString(CultureInfo.InvariantCulture)));
                replay = TrainingCli.ReplayOptions(parse, labels, since, until, options.Pipeline.ResolvedPartitions);
                _ = new SessionReplayer(options, replay); // validates the range before any output is created
            }
            catch (Exception error) when (error is ConfigurationException or InvalidDataException or ArgumentException)
            {
                Console.Terminal.Error(error.Message);
                return ExitCodes.BadConfiguration;
            }

            var inputPath = parse.GetValue(input)!.FullName;
            var outputPath = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            TrainingCli.Note($"replaying {inputPath} into {outputPath} ({replay.Partitions} session tables, as {replay.Partitions} live shards)");
            ReplayStatistics stats;
            var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            using (var writer = new SessionDatasetWriter(outputPath))
            {
                stats = new SessionReplayer(options, replay).Run(new JsonLinesReplaySource(inputPath), writer.Write, cancellation);
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
