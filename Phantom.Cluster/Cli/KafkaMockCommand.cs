using System.CommandLine;
using Phantom.Cluster.Console;
using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom kafka-mock</c>: librdkafka's mock Kafka cluster on loopback with the CONTRACTS.md topics, for
/// development and tests (no Apache Kafka needed). Prints <c>bootstrap: host:port</c> and runs until Ctrl+C.
/// </summary>
internal static class KafkaMockCommand
{
    /// <summary>The line prefix scripts and tests read the address from.</summary>
    public const string BootstrapPrefix = "bootstrap: ";

    public static Command Create()
    {
        var partitions = new Option<int?>("--partitions", "-p") { Description = "Partitions of each topic (the dead-letter topic always has 1); default: phantom.kafka.partitions." };
        var brokers = new Option<int?>("--brokers") { Description = "Mock brokers; default: phantom.kafka.mock-brokers." };
        var topics = new Option<string?>("--topics") { Description = "Comma-separated topics to create; default: the events, prices, price-log and dead-letter topics of phantom.kafka." };
        var config = CliOptions.Config();
        var command = new Command("kafka-mock", "Start librdkafka's mock Kafka cluster with Phantom's topics and print its bootstrap address; runs until Ctrl+C.")
        {
            partitions, brokers, topics, config,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            KafkaOptions kafka;
            try
            {
                var configuration = new PhantomConfiguration();
                if (parse.GetValue(config) is { } file)
                {
                    configuration.AddOverlay(file.FullName);
                }

                kafka = configuration.Build().Kafka;
                if (parse.GetValue(partitions) is { } p)
                {
                    kafka.Partitions = p;
                }

                if (parse.GetValue(brokers) is { } b)
                {
                    kafka.MockBrokers = b;
                }

                kafka.Validate();
            }
            catch (Exception error) when (error is ConfigurationException or ArgumentException)
            {
                Terminal.Error(error.Message.Replace("phantom.kafka.partitions", "--partitions").Replace("phantom.kafka.mock-brokers", "--brokers"));
                return ExitCodes.BadConfiguration;
            }

            var names = parse.GetValue(topics) is { } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [kafka.EventsTopic, kafka.PricesTopic, kafka.PriceLogTopic, kafka.DeadLetterTopic];
            if (names.Length == 0)
            {
                Terminal.Error("--topics names no topic");
                return ExitCodes.BadConfiguration;
            }

            try
            {
                using var cluster = KafkaMockCluster.Start(kafka.MockBrokers);
                foreach (var name in names.Distinct(StringComparer.Ordinal))
                {
                    cluster.CreateTopic(name, name == kafka.DeadLetterTopic ? 1 : kafka.Partitions);
                }

                var table = new Table().AddColumn("topic").AddColumn(new TableColumn("partitions").RightAligned());
                foreach (var (name, count) in cluster.Topics.OrderBy(t => t.Key, StringComparer.Ordinal))
                {
                    table.AddRow(Markup.Escape(name), count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                AnsiConsole.Write(table);
                Terminal.Note($"librdkafka {LibrdkafkaRuntime.Version} mock cluster, {cluster.Brokers} broker(s); point nodes at it with --kafka or PHANTOM_KAFKA__BOOTSTRAP_SERVERS. Ctrl+C stops it.");
                System.Console.Out.WriteLine(BootstrapPrefix + cluster.BootstrapServers);
                System.Console.Out.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the normal way to stop.
                }

                Terminal.Note("mock cluster stopped");
                return ExitCodes.Ok;
            }
            catch (DllNotFoundException error)
            {
                Terminal.Error(error.Message);
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
