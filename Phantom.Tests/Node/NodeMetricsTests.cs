using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Phantom.Cluster.Node;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Node;

/// <summary>
/// <c>GET /metrics</c> of a Kafka node with a journal: consumer lag per partition and the histogram of group-commit
/// transaction sizes appear, and move: lag rises while the journal is held (the shards wait for durability, so
/// nothing new counts as processed) and falls back to zero once it is released, in <c>/metrics</c> and in the record the
/// node heartbeats; transactions are counted.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed partial class NodeMetricsTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private const int Partitions = 4;
    private readonly string _directory = Directory.CreateTempSubdirectory("phantom-metrics-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Metrics_KafkaNodeWithJournal_LagPerPartitionAndBatchSizesAppearAndMove()
    {
        var topics = kafka.NewOptions("metrics", Partitions);
        var journalPath = Path.Combine(_directory, "journal.db");
        var options = NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.journal.connection", journalPath)
            .Set("phantom.journal.max-delay", "1ms")
            .Build(new Dictionary<string, string>());
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        Produce(topics, generator, 400);

        await using var node = new NodeHost(options, kafka: true);
        await node.StartAsync();
        await WaitFor(() => node.JournalWriter!.CommittedEvents == 400, "the first 400 events journaled");
        await WaitFor(() => Lags(node.Http.MetricsText()) is { Count: Partitions } lags && lags.Values.Sum() == 0, "lag of every partition at 0");
        var text = node.Http.MetricsText();
        var transactions = Value(text, "phantom_journal_batch_events_count");
        Assert.True(transactions > 0, text);
        Assert.Equal(400, Value(text, "phantom_journal_batch_events_sum"));
        Assert.Equal(transactions, Value(text, "phantom_journal_batch_events_bucket{le=\"+Inf\"}"));

        // Hold SQLite's write lock: appends wait, so new records are consumed but never become durable.
        using (var blocker = new SqliteConnection($"Data Source={journalPath}"))
        {
            blocker.Open();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            Produce(topics, generator, 400);
            await WaitFor(() => Lags(node.Http.MetricsText()).Values.Sum() > 0, "lag above 0 while the journal is held");

            // The lag the node heartbeats (ctl shards stats, /admin/shards) is the same consumer lag, summed.
            await WaitFor(() => node.Member.Record().Lag == Lags(node.Http.MetricsText()).Values.Sum() && node.Member.Record().Lag > 0, "the node record's lag equal to the partitions' sum");
            using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        await WaitFor(() => node.JournalWriter!.CommittedEvents == 800, "all 800 events journaled");
        await WaitFor(() => Lags(node.Http.MetricsText()).Values.Sum() == 0, "lag back to 0 after the journal is released");
        Assert.Equal(0, node.Member.Record().Lag);
        text = node.Http.MetricsText();
        Assert.True(Value(text, "phantom_journal_batch_events_count") > transactions);
        Assert.Equal(800, Value(text, "phantom_journal_batch_events_sum"));
    }

    private static void Produce(KafkaOptions topics, TrafficGenerator generator, int events)
    {
        var buffer = new byte[generator.MaxLineBytes];
        using var publisher = new KafkaEventPublisher(topics);
        var loader = new KafkaEventLoader(publisher, topics.EventsTopic);
        for (var i = 0; i < events; i++)
        {
            generator.TryWriteNext(buffer, out var written, out _);
            loader.Add(buffer.AsSpan(0, written));
        }

        Assert.True(loader.Finish(TimeSpan.FromSeconds(60)));
    }

    private static Dictionary<int, double> Lags(string metrics) =>
        LagLine().Matches(metrics).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    private static double Value(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no '{series}' in:\n{metrics}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    [GeneratedRegex("^phantom_kafka_consumer_lag\\{topic=\"[^\"]*\",partition=\"(\\d+)\"\\} (\\S+)$", RegexOptions.Multiline)]
    private static partial Regex LagLine();
}
