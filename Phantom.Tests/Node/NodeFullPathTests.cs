using System.Text;
using Phantom.Cluster.Node;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Generation;
using Phantom.Streams.Journal;
using Phantom.Streams.Kafka;
using Phantom.Streams.Redis;
using Phantom.Tests.Infrastructure;
using StackExchange.Redis;

namespace Phantom.Tests.Node;

/// <summary>
/// The whole real path at once, as the issue asks: generated events over 12 partitions of the (mock) Kafka topic,
/// consumed by a node that journals them with their offsets (SQLite), writes prices to Redis and to the prices topic.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class NodeFullPathTests(KafkaMockClusterFixture kafka) : IDisposable
{
    private const int Partitions = 12;
    private const int Events = 3_000;
    private readonly string _directory = Directory.CreateTempSubdirectory("phantom-full-path-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task KafkaToJournalRedisAndPricesTopic_EveryEventOnceEveryPriceDelivered()
    {
        using var redis = new RedisServer();
        var topics = kafka.NewOptions("full", Partitions);
        var journalPath = Path.Combine(_directory, "journal.db");
        var options = NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.redis.configuration", redis.Configuration)
            .Set("phantom.journal.connection", journalPath)
            .Set("phantom.journal.max-delay", "1ms")
            .Build(new Dictionary<string, string>());
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var buffer = new byte[generator.MaxLineBytes];
        using (var publisher = new KafkaEventPublisher(topics))
        {
            var loader = new KafkaEventLoader(publisher, topics.EventsTopic);
            for (var i = 0; i < Events; i++)
            {
                generator.TryWriteNext(buffer, out var written, out _);
                loader.Add(buffer.AsSpan(0, written));
            }

            Assert.True(loader.Finish(TimeSpan.FromSeconds(60)));
        }

        await using var node = new NodeHost(options, kafka: true);
        await node.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (node.JournalWriter!.CommittedEvents < Events || node.Runtime.Pipeline.RecordsSettled() < Events)
        {
            Assert.Null(node.SourceFailure);
            Assert.True(DateTime.UtcNow < deadline, $"journaled {node.JournalWriter.CommittedEvents} of {Events}");
            await Task.Delay(50);
        }

        var priced = node.Runtime.Pricing.Snapshot().PricedEvents;
        while (node.RedisStore!.Counters.Updates < priced)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Redis has {node.RedisStore.Counters.Updates} of {priced} prices");
            await Task.Delay(50);
        }

        await node.StopAsync();

        // Journal: every event once, with all 12 partitions' next offsets adding up to what was produced.
        await using (var journal = await SqliteJournal.OpenAsync(journalPath))
        {
            long count = 0;
            await foreach (var _ in journal.CurrentAllEvents())
            {
                count++;
            }

            Assert.Equal(Events, count);
            var offsets = await journal.ReadOffsetsAsync(topics.GroupId);
            Assert.Equal(Partitions, offsets.Count);
            Assert.Equal(Events, offsets.Sum(o => o.Offset));
        }

        // Redis: every price written, none failed; the prices topic: one record per price.
        Assert.True(priced > 0);
        Assert.Equal(0, node.RedisStore.Counters.FailedUpdates);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        Assert.True(await connection.GetDatabase().KeyExistsAsync(RedisKeys.LatestPrices));
        var prices = KafkaTopicReader.ReadAll(topics, topics.PricesTopic, TimeSpan.FromSeconds(5));
        Assert.Equal(priced, prices.Count);
        Assert.All(prices, record => Assert.StartsWith("{\"sessionId\":", Encoding.UTF8.GetString(record.Value), StringComparison.Ordinal));
    }
}
