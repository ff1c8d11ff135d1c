using System.Text;
using System.Text.Json;
using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Kafka;

/// <summary>KafkaSource into the full graph against the mock cluster: every event once, prices and dead letters on their topics.</summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class KafkaSourceTests(KafkaMockClusterFixture kafka)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_GeneratedEventsOver12Partitions_ProcessesEachOnceAndPublishesValidPrices()
    {
        const int events = 3000;
        var options = kafka.NewOptions("e2e");
        KafkaBenchmark.Produce(new PhantomOptions(), options, events);
        var log = new ProcessingLog();
        await using var node = new KafkaPipelineHarness(options, "node-a", new InMemoryOffsetStore(), log);

        node.Start();
        await node.WaitUntilAsync(() => node.Runtime.Pipeline.RecordsSettled() >= events, Patience, $"{events} records settled");
        await node.StopAsync();

        var metrics = node.Runtime.Pipeline.GetMetrics();
        Assert.Equal(events, metrics.EventsProcessed);
        Assert.Equal(0, metrics.Rejected);
        Assert.Equal(events, log.Count);
        Assert.Equal(events, log.Distinct());
        foreach (var partition in log.Entries().GroupBy(e => e.Partition))
        {
            var offsets = partition.Select(e => e.Offset).ToArray();
            Assert.Equal(Enumerable.Range(0, offsets.Length).Select(i => (long)i), offsets); // in order, none missing
        }

        Assert.Equal(12, log.Entries().Select(e => e.Partition).Distinct().Count());
        for (var p = 0; p < 12; p++)
        {
            Assert.Equal(log.Entries().Count(e => e.Partition == p), node.Source.CommittedOffset(p));
        }

        var prices = KafkaTopicReader.ReadAll(options, options.PricesTopic, Patience);
        Assert.True(node.Prices.Written > 0, "the graph priced no event");
        Assert.Equal(node.Prices.Written, prices.Count);
        foreach (var record in prices)
        {
            using var json = JsonDocument.Parse(record.Value);
            var root = json.RootElement;
            foreach (var field in new[] { "sessionId", "productId", "price", "basePrice", "markup", "agentProbability", "demand", "policy", "modelVersion", "ts" })
            {
                Assert.True(root.TryGetProperty(field, out _), $"price record lacks '{field}'");
            }

            Assert.Equal(root.GetProperty("sessionId").GetString(), Encoding.UTF8.GetString(record.Key!));
            Assert.True(double.IsFinite(root.GetProperty("price").GetDouble()) && root.GetProperty("price").GetDouble() > 0);
            Assert.EndsWith("Z", root.GetProperty("ts").GetString());
        }
    }

    [Fact]
    public async Task RunAsync_PoisonMessages_GoToTheDeadLetterTopicAndConsumptionContinues()
    {
        var options = kafka.NewOptions("poison", partitions: 2);
        var good = Enumerable.Range(0, 40)
            .Select(i => $$"""{"sessionId":"s-{{i % 7}}","eventName":"page_view","page":"/hotel/products","storeMode":"hotel","ts":"2025-11-25T20:21:{{i % 60:00}}.000Z"}""")
            .ToList();
        const string notJson = "{this is not json";
        const string unknownEvent = """{"sessionId":"s-poison","eventName":"teleport","page":"/hotel","storeMode":"hotel"}""";
        var lines = good.Take(20).Append(notJson).Append(unknownEvent).Concat(good.Skip(20)).ToList();
        using (var publisher = new KafkaEventPublisher(options))
        {
            var loader = new KafkaEventLoader(publisher, options.EventsTopic);
            foreach (var line in lines)
            {
                loader.Add(Encoding.UTF8.GetBytes(line));
            }

            Assert.True(loader.Finish(Patience));
        }

        var log = new ProcessingLog();
        await using var node = new KafkaPipelineHarness(options, "node-p", new InMemoryOffsetStore(), log, pipelinePartitions: 2);
        node.Start();
        await node.WaitUntilAsync(() => node.Runtime.Pipeline.RecordsSettled() >= lines.Count, Patience, "every record settled");
        await node.StopAsync();

        var metrics = node.Runtime.Pipeline.GetMetrics();
        Assert.Equal(2, metrics.Rejected);
        Assert.Equal(good.Count, metrics.Completed);
        var letters = KafkaTopicReader.ReadAll(options, options.DeadLetterTopic, Patience);
        Assert.Equal(2, letters.Count);
        var byPayload = letters.ToDictionary(l =>
        {
            using var json = JsonDocument.Parse(l.Value);
            return Encoding.UTF8.GetString(Convert.FromBase64String(json.RootElement.GetProperty("payloadBase64").GetString()!));
        });
        Assert.Null(byPayload[notJson].Key); // no sessionId to key it by
        Assert.Equal("s-poison", Encoding.UTF8.GetString(byPayload[unknownEvent].Key!));
        foreach (var letter in letters)
        {
            using var json = JsonDocument.Parse(letter.Value);
            var root = json.RootElement;
            Assert.False(string.IsNullOrEmpty(root.GetProperty("reason").GetString()));
            Assert.InRange(root.GetProperty("partition").GetInt32(), 0, 1);
            Assert.True(root.GetProperty("offset").GetInt64() >= 0);
        }

        // Consumption went on past the poison: the records after it were processed too.
        Assert.Equal(lines.Count, log.Distinct());
    }

    [Fact]
    public async Task RunAsync_TopicPartitionsDifferFromPipeline_FailsNamingBoth()
    {
        var options = kafka.NewOptions("mismatch", partitions: 12);
        await using var node = new KafkaPipelineHarness(options, "node-m", new InMemoryOffsetStore(), new ProcessingLog(), pipelinePartitions: 4);

        node.Start();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => node.Running);

        Assert.Contains("12 partitions", error.Message);
        Assert.Contains("pipeline has 4", error.Message);
    }
}
