using System.CommandLine;
using Phantom.Cluster.Bench;
using Phantom.Cluster.Console;
using Phantom.Cluster.Demo;
using Phantom.Streams.Catalog;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;

namespace Phantom.Cluster.Cli;

/// <summary><c>phantom bench</c>: performance measurements that write JSON (numbers go to docs/benchmarks.md).</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure Phantom's performance; each subcommand prints its numbers as JSON and can write them to a file.")
    {
        Stream(),
        Journal(),
        Kafka(),
        Train(),
        BenchApiCommand.Create(),
        BenchClusterCommand.Create(),
    };

    private static Command Train()
    {
        var ppo = new Option<int>("--ppo-steps") { Description = "Environment steps of the PPO training run.", DefaultValueFactory = _ => 100_000 };
        var replay = new Option<long>("--replay-events") { Description = "Events replayed into session features.", DefaultValueFactory = _ => 2_000_000 };
        var sessions = new Option<int>("--detector-sessions") { Description = "Replayed sessions the detector trains on.", DefaultValueFactory = _ => 1_000_000 };
        var seed = CliOptions.Seed();
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        var command = new Command("train", "Lambda-branch speeds: simulator steps/s (K = 1, 5), PPO training time, replay events/s, detector training time.")
        {
            ppo, replay, sessions, seed, config, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var options = CliConfiguration.TryLoad(
                "training",
                parse.GetValue(config),
                CliConfiguration.FlagSetting.Of("--seed", "phantom.generator.seed", parse.GetValue(seed)));
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            var result = new TrainBenchmark(options, parse.GetValue(ppo), parse.GetValue(replay), parse.GetValue(sessions)).Run();
            await WriteResultAsync(result, parse.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Journal()
    {
        var journal = new Option<string?>("--journal")
        {
            Description = "A SQLite file path (\"temp\" for a temporary file, the default) or a PostgreSQL connection string (Host=...; or postgres://...).",
        };
        var events = new Option<int>("--events", "-n") { Description = "Events to append, then replay.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Events per transaction.", DefaultValueFactory = _ => 10_000 };
        var json = CliOptions.Json();
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--events must be positive.");
            }
        });
        batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--batch must be positive.");
            }
        });

        var command = new Command("journal", "Journal appends (direct and through group commit) and replay of all events, in events/s.")
        {
            journal, events, batch, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            // "temp" means what it means for bench kafka: a throw-away file, not a file named temp here.
            var temporary = parse.GetValue(journal) is null or "temp" ? Directory.CreateTempSubdirectory("phantom-bench-journal-") : null;
            var connection = temporary is null ? parse.GetValue(journal)! : Path.Combine(temporary.FullName, "journal.db");
            try
            {
                var options = new JournalOptions { Connection = connection, BatchSize = parse.GetValue(batch) };
                await using var store = await JournalFactory.OpenAsync(options, cancellation);
                Terminal.Note($"journal: {(JournalFactory.IsPostgres(connection) ? "PostgreSQL" : "SQLite " + connection)}");
                var direct = await JournalBenchmark.RunAsync(store, parse.GetValue(events), parse.GetValue(batch), cancellationToken: cancellation);
                var grouped = await JournalBenchmark.RunGroupCommitAsync(store, options, parse.GetValue(events), requestSize: 100, cancellationToken: cancellation);
                var result = new { Journal = JournalFactory.IsPostgres(connection) ? "postgresql" : "sqlite", Direct = direct, GroupCommit = grouped };
                await WriteResultAsync(result, parse.GetValue(json));
                return ExitCodes.Ok;
            }
            finally
            {
                if (temporary is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    temporary.Delete(recursive: true);
                }
            }
        });
        return command;
    }

    private static Command Kafka()
    {
        var events = new Option<int>("--events", "-n")
        {
            Description = "Generated events to produce, consume plainly, then consume through the pipeline (the mock broker keeps about 5 MB per partition).",
            DefaultValueFactory = _ => 120_000,
        };
        var partitions = new Option<int>("--partitions", "-p") { Description = "Topic partitions, hence shards.", DefaultValueFactory = _ => 12 };
        var prices = new Option<bool>("--prices-to-kafka") { Description = "Also produce every price to the prices topic." };
        var journal = new Option<string?>("--journal")
        {
            Description = "Also journal every event with its offsets, as a node does: a SQLite file path (\"temp\" for a temporary file) or a PostgreSQL connection string.",
        };
        var redis = new Option<string?>("--redis") { Description = "Also write every price to this Redis (e.g. 127.0.0.1:6379), as a node does." };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Events (other sessions, another topic) run through both paths first, unmeasured, so the measured runs see a warm process as a running node does; 0 measures cold (JIT included).",
            DefaultValueFactory = _ => 0,
        };
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        var command = new Command("kafka", "Kafka path on librdkafka's mock cluster: a plain consume against KafkaSource → pipeline over the same records.")
        {
            events, partitions, prices, journal, redis, warmup, config, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            // The node's overlay: this measures the path a node runs (larger batches and queues than the demo's).
            var options = CliConfiguration.TryLoad("cluster", parse.GetValue(config));
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            var temporary = parse.GetValue(journal) == "temp" ? Directory.CreateTempSubdirectory("phantom-bench-kafka-") : null;
            var connection = temporary is null ? parse.GetValue(journal) : Path.Combine(temporary.FullName, "journal.db");
            try
            {
                await using var store = connection is null
                    ? null
                    : await JournalFactory.OpenAsync(new JournalOptions { Connection = connection }, cancellation);
                using var redisConnection = parse.GetValue(redis) is { } configuration
                    ? RedisConnector.Connect(new RedisOptions { Configuration = configuration })
                    : null;
                Func<ProductCatalog, IPriceStore>? priceStore = redisConnection is null
                    ? null
                    : catalog => new TieredPriceStore(new InMemoryPriceStore(stripes: parse.GetValue(partitions)), new RedisPriceStore(redisConnection, options.Redis, catalog));
                var result = await KafkaBenchmark.RunAsync(
                    options, parse.GetValue(events), parse.GetValue(partitions), parse.GetValue(prices), Terminal.Note, cancellation, store, priceStore,
                    parse.GetValue(warmup));
                await WriteResultAsync(
                    new
                    {
                        result.Events,
                        result.Partitions,
                        result.WarmupEvents,
                        result.LibrdkafkaVersion,
                        PlainConsumeEps = Math.Round(result.PlainEventsPerSecond),
                        PipelineEps = Math.Round(result.PipelineEventsPerSecond),
                        Ratio = Math.Round(result.Ratio, 4),
                        PlainCpuNsPerEvent = Math.Round(result.PlainCpuNanosPerEvent),
                        PipelineCpuNsPerEvent = Math.Round(result.PipelineCpuNanosPerEvent),
                        result.PricesWritten,
                        result.Rejected,
                        Journal = connection is null ? "none" : JournalFactory.IsPostgres(connection) ? "postgresql" : "sqlite",
                        Redis = redisConnection is null ? "none" : "yes",
                    },
                    parse.GetValue(json));
                return ExitCodes.Ok;
            }
            finally
            {
                if (temporary is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    temporary.Delete(recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task WriteResultAsync<T>(T result, FileInfo? json)
    {
        System.Console.WriteLine(SummaryJson.Serialize(result));
        if (json is not null)
        {
            await SummaryJson.WriteAsync(json.FullName, result);
            Terminal.Note($"written to {json.FullName}");
        }
    }

    private static Command Stream()
    {
        var events = new Option<int>("--events", "-n") { Description = "Generated events per round (at most 4,000,000).", DefaultValueFactory = _ => 2_000_000 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved rounds of each measurement; medians are reported.", DefaultValueFactory = _ => 3 };
        var sessions = new Option<int>("--sessions") { Description = "Live sessions for the memory measurement.", DefaultValueFactory = _ => 100_000 };
        var partitions = CliOptions.Partitions();
        var seed = CliOptions.Seed();
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 10_000 or > 4_000_000)
            {
                r.AddError("--events must be within [10000, 4000000].");
            }
        });
        rounds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 15)
            {
                r.AddError("--rounds must be within [1, 15].");
            }
        });

        var command = new Command("stream", "Parse-only ceiling against the full pipeline on the same generated bytes, latency at full rate, memory per live session.")
        {
            events, rounds, sessions, partitions, seed, json, config,
        };
        command.SetAction(async (parse, _) =>
        {
            var options = CliConfiguration.TryLoad(
                "embedded",
                parse.GetValue(config),
                CliConfiguration.FlagSetting.Of("--partitions", "phantom.pipeline.partitions", parse.GetValue(partitions)),
                CliConfiguration.FlagSetting.Of("--seed", "phantom.generator.seed", parse.GetValue(seed)));
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            var result = await new StreamBenchmark(options, parse.GetValue(events), parse.GetValue(rounds), parse.GetValue(sessions)).RunAsync();
            await WriteResultAsync(result, parse.GetValue(json));
            return ExitCodes.Ok;
        });
        return command;
    }
}
