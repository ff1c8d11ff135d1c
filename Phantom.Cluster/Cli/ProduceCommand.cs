using System.CommandLine;
using System.Diagnostics;
using Phantom.Cluster.Console;
using Phantom.Cluster.Demo;
using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom produce</c>: loads a JSON-lines file of interaction events into a Kafka topic, each record keyed by its
/// <c>sessionId</c> (so a session stays on one partition, in order), batched, with progress and a final count.
/// </summary>
internal static class ProduceCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "JSON-lines file, one interaction event per line.", Required = true };
        var topic = new Option<string?>("--topic", "-t") { Description = "Topic to load into; default: phantom.kafka.events-topic." };
        var kafka = new Option<string?>("--kafka") { Description = "Bootstrap servers (host:port,...); default: phantom.kafka.bootstrap-servers." };
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        var command = new Command("produce", "Load a JSON-lines file of events into Kafka, keyed by sessionId.")
        {
            file, topic, kafka, json, config,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            KafkaOptions options;
            var input = parse.GetValue(file)!;
            try
            {
                var configuration = new PhantomConfiguration();
                if (parse.GetValue(config) is { } overlay)
                {
                    configuration.AddOverlay(overlay.FullName);
                }

                options = configuration.Build().Kafka;
                if (parse.GetValue(kafka) is { } servers)
                {
                    options.BootstrapServers = servers;
                }

                options.Validate();
            }
            catch (Exception error) when (error is ConfigurationException or ArgumentException)
            {
                Terminal.Error(error.Message.Replace("phantom.kafka.bootstrap-servers", "--kafka"));
                return ExitCodes.BadConfiguration;
            }

            if (!input.Exists)
            {
                Terminal.Error($"--file {input.FullName} does not exist");
                return ExitCodes.BadConfiguration;
            }

            var target = parse.GetValue(topic) ?? options.EventsTopic;
            try
            {
                var clock = Stopwatch.StartNew();
                using var publisher = new KafkaEventPublisher(options);
                var loader = new KafkaEventLoader(publisher, target);
                Terminal.Note($"loading {input.FullName} ({input.Length:N0} bytes) into '{target}' at {options.BootstrapServers}");
                loader.AddFile(
                    input.FullName,
                    (records, position) => Terminal.Note(
                        $"{records:N0} records queued, {publisher.Producer.Delivered:N0} delivered, {100.0 * position / Math.Max(1, input.Length):0}% of the file"),
                    cancellation);
                var delivered = loader.Finish(TimeSpan.FromMinutes(5));
                clock.Stop();
                var result = new ProduceResult(
                    input.FullName, target, options.BootstrapServers, loader.Records, publisher.Producer.Delivered, publisher.Producer.Failed,
                    loader.WithoutKey, loader.EmptyLines, clock.Elapsed.TotalSeconds, loader.Records / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
                var table = new Table().AddColumn("").AddColumn(new TableColumn("value").RightAligned());
                table.AddRow("records", $"{result.Records:N0}");
                table.AddRow("delivered", $"{result.Delivered:N0}");
                table.AddRow("failed", $"{result.Failed:N0}");
                table.AddRow("without sessionId (no key)", $"{result.WithoutKey:N0}");
                table.AddRow("blank lines skipped", $"{result.EmptyLines:N0}");
                table.AddRow("seconds", $"{result.Seconds:0.00}");
                table.AddRow("records/s", $"{result.RecordsPerSecond:N0}");
                AnsiConsole.Write(table);
                System.Console.Out.WriteLine($"produced {result.Delivered} records to {target}");
                if (parse.GetValue(json) is { } output)
                {
                    await SummaryJson.WriteAsync(output.FullName, result);
                    Terminal.Note($"written to {output.FullName}");
                }

                if (!delivered)
                {
                    Terminal.Error($"{result.Records - result.Delivered} record(s) not delivered: {publisher.Producer.LastError ?? "timed out"}");
                    return ExitCodes.Failed;
                }

                return ExitCodes.Ok;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
            catch (DllNotFoundException error)
            {
                Terminal.Error(error.Message);
                return ExitCodes.Failed;
            }
        });
        return command;
    }

    /// <summary>The summary of one load (also the <c>--json</c> document).</summary>
    internal sealed record ProduceResult(
        string File, string Topic, string BootstrapServers, long Records, long Delivered, long Failed, long WithoutKey, long EmptyLines,
        double Seconds, double RecordsPerSecond);
}
