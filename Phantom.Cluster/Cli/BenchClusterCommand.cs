using System.CommandLine;
using System.Globalization;
using Phantom.Cluster.Bench;
using Phantom.Cluster.Console;
using Phantom.Cluster.Demo;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom bench cluster</c>: events/s of several <c>phantom node</c> processes against one, the pause of a
/// session's processing at a handoff, and the time from a node's SIGKILL to its shards serving again
/// (<see cref="ClusterBenchmark"/>; definitions in docs/benchmarks.md).
/// </summary>
internal static class BenchClusterCommand
{
    public static Command Create()
    {
        var journal = new Option<string?>("--journal")
        {
            Description = "PostgreSQL connection string of the shared journal (Host=...; or postgres://...); each run uses a fresh schema, dropped afterwards.",
        };
        var redis = new Option<string?>("--redis") { Description = "Redis for the nodes' prices (e.g. 127.0.0.1:6379); default: none." };
        var events = new Option<int>("--events", "-n") { Description = "Generated records of each throughput run.", DefaultValueFactory = _ => 100_000 };
        var nodes = new Option<int>("--nodes") { Description = "Nodes of the cluster throughput run.", DefaultValueFactory = _ => 3 };
        var rate = new Option<double>("--handoff-rate") { Description = "Records/s of the handoff run's steady stream.", DefaultValueFactory = _ => 1000 };
        var seconds = new Option<double>("--handoff-seconds") { Description = "Length of the handoff run's stream (0 skips the run).", DefaultValueFactory = _ => 60 };
        var sessionTimeout = new Option<string?>("--session-timeout")
        {
            Description = "The consumer group session timeout of every node (phantom.kafka.session-timeout, e.g. 6s); default: as configured.",
        };
        var seed = CliOptions.Seed();
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1_000 or > 2_000_000)
            {
                r.AddError("--events must be within [1000, 2000000].");
            }
        });
        nodes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 2 or > 12)
            {
                r.AddError("--nodes must be within [2, 12].");
            }
        });
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or > 50_000)
            {
                r.AddError("--handoff-rate must be within (0, 50000].");
            }
        });
        seconds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0 or > 600)
            {
                r.AddError("--handoff-seconds must be within [0, 600].");
            }
        });

        var command = new Command("cluster", "Node processes on one machine: events/s of a cluster against one node, handoff pause p99, SIGKILL to shards serving again.")
        {
            journal, redis, events, nodes, rate, seconds, sessionTimeout, seed, config, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = CliConfiguration.TryLoad(
                "cluster",
                parse.GetValue(config),
                CliConfiguration.FlagSetting.Of("--session-timeout", "phantom.kafka.session-timeout", parse.GetValue(sessionTimeout)),
                CliConfiguration.FlagSetting.Of("--seed", "phantom.generator.seed", parse.GetValue(seed)));
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            if (parse.GetValue(journal) is not { Length: > 0 } connection)
            {
                Terminal.Error("--journal is required: a PostgreSQL connection string the node processes share (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Database=phantom\")");
                return ExitCodes.BadConfiguration;
            }

            ClusterBenchmark benchmark;
            try
            {
                benchmark = new ClusterBenchmark(options, connection, parse.GetValue(redis) ?? "", Terminal.Note)
                {
                    Events = parse.GetValue(events),
                    Nodes = parse.GetValue(nodes),
                    HandoffRate = parse.GetValue(rate),
                    HandoffSeconds = parse.GetValue(seconds),
                };
            }
            catch (ArgumentException error)
            {
                Terminal.Error(error.Message);
                return ExitCodes.BadConfiguration;
            }

            ClusterBenchmarkResult result;
            try
            {
                result = await benchmark.RunAsync(cancellation);
            }
            catch (Exception error) when (error is InvalidOperationException or TimeoutException or Npgsql.NpgsqlException or DllNotFoundException)
            {
                Terminal.Error(error.Message);
                return ExitCodes.Failed;
            }

            Print(result);
            System.Console.WriteLine(SummaryJson.Serialize(result));
            if (parse.GetValue(json) is { } output)
            {
                await SummaryJson.WriteAsync(output.FullName, result);
                Terminal.Note($"written to {output.FullName}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(ClusterBenchmarkResult r)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]phantom cluster[/]").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("cores / partitions / journal", $"{r.ProcessorCount} / {r.Partitions} / {r.Journal}{(r.Redis ? " + redis" : "")}");
        Row("1 node: events/s", $"{r.OneNode.EventsPerSecond:N0} ({r.OneNode.Events:N0} events)");
        Row($"{r.Cluster.Nodes} nodes: events/s", $"{r.Cluster.EventsPerSecond:N0} ({r.Cluster.Events:N0} events)");
        Row("speed-up", $"{r.Speedup:0.00}x");
        if (r.Handoff is { } h)
        {
            Row("handoff stream", $"{h.RecordsPerSecond:N0} records/s, session timeout {h.SessionTimeoutMs / 1000.0:0.#} s, heartbeat {h.HeartbeatIntervalMs / 1000.0:0.#} s");
            Row("apply latency p50 / p99 (ms)", $"{h.ApplyLatencyP50Ms:N0} / {h.ApplyLatencyP99Ms:N0}");
            Row("quiet session stretch p50 / p99 (ms)", $"{h.QuietStretchP50Ms:N0} / {h.QuietStretchP99Ms:N0} ({h.QuietGaps:N0} gaps)");
            foreach (var s in h.Steps)
            {
                Row($"{s.Kind} {s.Node}: moved partitions", $"{s.MovedPartitions.Count.ToString(CultureInfo.InvariantCulture)}{(s.DuringStream ? "" : " (after the stream ended)")}");
                Row($"{s.Kind}: settled / serving (s)", $"{s.SettledSeconds:0.0} / {s.ServingSeconds:0.0}");
                Row($"{s.Kind}: session stretch p50 / p99 (ms)", $"{s.SessionStretchP50Ms:N0} / {s.SessionStretchP99Ms:N0} ({s.SessionGaps:N0} gaps)");
                Row($"{s.Kind}: bystander stretch p99 (ms)", $"{s.BystanderStretchP99Ms:N0} ({s.BystanderGaps:N0} gaps)");
                Row($"{s.Kind}: partition pause median / max (ms)", $"{s.PartitionPauseMedianMs:N0} / {s.PartitionPauseMaxMs:N0}");
            }

            Row("SIGKILL → shards serving, median / max (ms)", $"{h.KillToServingMedianMs:N0} / {h.KillToServingMaxMs:N0}");
        }

        AnsiConsole.Write(table);
    }
}
