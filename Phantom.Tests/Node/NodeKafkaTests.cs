using System.Net;
using System.Text;
using System.Text.Json;
using Phantom.Cluster.Node;
using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Phantom.Tests.Http;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Node;

/// <summary>
/// A whole node in Kafka mode on librdkafka's mock cluster: ingest through the HTTP API publishes to the events topic,
/// the node consumes it (one shard per partition), and prices come back through the pricing API and the prices topic.
/// </summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class NodeKafkaTests(KafkaMockClusterFixture kafka)
{
    [Fact]
    public async Task IngestedEvents_RoundTripThroughKafka_PricedServedAndProduced()
    {
        var topics = kafka.NewOptions("node", partitions: 4);
        var configuration = NodeTestConfiguration.ForKafka(topics)
            .Set("phantom.http.api-key", NodeHarness.Key);
        var options = configuration.Build(new Dictionary<string, string>());
        await using var node = new NodeHost(options, kafka: true);
        await node.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(node.Http.BoundUrls[0]), Timeout = TimeSpan.FromSeconds(30) };

        var sessions = Enumerable.Range(0, 8).Select(i => $"kafka-node-{i}").ToArray();
        var body = string.Join("\n", Enumerable.Range(0, 32).Select(i => NodeHarness.Event(sessions[i % 8], productId: $"hotel-deluxe-{(i % 14) + 1:00}")));
        using (var ingest = await Post(client, "/api/kafka/ingest/batch", body))
        {
            Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        }

        using (var single = await Post(client, "/api/kafka/ingest", NodeHarness.Event("kafka-node-0")))
        {
            Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        }

        await WaitUntil(() => node.Runtime.Pipeline.RecordsSettled() >= 33, "33 records consumed and processed", node);

        // The pricing API answers from the node's own quote for that session and product.
        using var price = await client.GetAsync($"/api/hotel/price/hotel-deluxe-01?sessionId={sessions[0]}");
        Assert.Equal(HttpStatusCode.OK, price.StatusCode);
        using var answer = JsonDocument.Parse(await price.Content.ReadAsStringAsync());
        Assert.StartsWith("session-aware", answer.RootElement.GetProperty("model_version").GetString(), StringComparison.Ordinal);

        // Every priced event is produced to the prices topic, keyed by its session.
        IReadOnlyList<KafkaRecord> prices = [];
        await WaitUntil(() => (prices = KafkaTopicReader.ReadAll(topics, topics.PricesTopic, TimeSpan.FromSeconds(2))).Count >= 33, "33 prices on the prices topic", node);
        Assert.All(prices, record =>
        {
            using var json = JsonDocument.Parse(record.Value);
            Assert.StartsWith("kafka-node-", json.RootElement.GetProperty("sessionId").GetString(), StringComparison.Ordinal);
            Assert.True(json.RootElement.GetProperty("price").GetDouble() > 0);
        });
        Assert.Equal(0, node.Runtime.Pipeline.GetMetrics().Rejected);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Phantom-Key", NodeHarness.Key);
        return client.SendAsync(request);
    }

    private static async Task WaitUntil(Func<bool> condition, string what, NodeHost node)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (!condition())
        {
            Assert.Null(node.SourceFailure);
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
