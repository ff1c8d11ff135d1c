using System.Text;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Kafka;

/// <summary><c>phantom kafka-mock</c> and <c>phantom produce</c>, run as the real command line.</summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class KafkaCommandTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("phantom-kafka-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task KafkaMock_Partitions12_PrintsABootstrapAddressServingTheContractTopics()
    {
        using var process = PhantomProcess.Start("kafka-mock", "--partitions", "12");
        try
        {
            string? bootstrap = null;
            using var deadline = new CancellationTokenSource(Patience);
            while (bootstrap is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token)
                    ?? throw new InvalidOperationException($"kafka-mock exited: {await process.StandardError.ReadToEndAsync()}");
                if (line.StartsWith("bootstrap: ", StringComparison.Ordinal))
                {
                    bootstrap = line["bootstrap: ".Length..].Trim();
                }
            }

            Assert.Matches(@"^127\.0\.0\.1:\d+$", bootstrap);
            var options = new KafkaOptions { BootstrapServers = bootstrap };
            Assert.Equal(12, KafkaTopicReader.PartitionCount(options, "user-interactions"));
            Assert.Equal(12, KafkaTopicReader.PartitionCount(options, "prices"));
            Assert.Equal(12, KafkaTopicReader.PartitionCount(options, "price-logs"));
            Assert.Equal(1, KafkaTopicReader.PartitionCount(options, "user-interactions.dead-letters"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Produce_JsonLinesFile_LoadsEveryRecordKeyedBySessionId()
    {
        var options = kafka.NewOptions("produce", partitions: 3);
        var file = Path.Combine(_dir.FullName, "events.jsonl");
        var phantom = new PhantomOptions();
        TrafficGenerator.WriteFile(file, 500, phantom, new ProductCatalog(phantom.Catalog));
        await File.AppendAllTextAsync(file, "\n"); // a blank line is skipped, not a record
        var json = Path.Combine(_dir.FullName, "produce.json");

        var (code, output, error) = await PhantomProcess.RunAsync(
            Patience, "produce", "--file", file, "--topic", options.EventsTopic, "--kafka", options.BootstrapServers, "--json", json);

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Contains($"produced 500 records to {options.EventsTopic}", output);
        Assert.True(File.Exists(json));
        var records = KafkaTopicReader.ReadAll(options, options.EventsTopic, Patience);
        Assert.Equal(500, records.Count);
        foreach (var record in records)
        {
            Assert.True(Phantom.Streams.Flow.Sources.SessionIdScanner.TryFind(record.Value, out var sessionId));
            Assert.Equal(Encoding.UTF8.GetString(sessionId), Encoding.UTF8.GetString(record.Key!));
        }
    }

    [Fact]
    public async Task Produce_MissingFile_ExitsWithBadConfigurationNamingTheFlag()
    {
        var (code, _, error) = await PhantomProcess.RunAsync(
            Patience, "produce", "--file", Path.Combine(_dir.FullName, "absent.jsonl"), "--kafka", kafka.BootstrapServers);

        Assert.Equal(2, code);
        Assert.Contains("--file", error);
    }
}
