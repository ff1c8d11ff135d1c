using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Phantom.Cluster.Node;
using Phantom.Streams.Configuration;

namespace Phantom.Tests.Http;

/// <summary>
/// A started <see cref="NodeHost"/> on a free loopback port (Kestrel binds port 0) and an HttpClient pointed at it.
/// The HTTP tests go through a real socket: ASP.NET's TestHost is not available here, and a real listener is what
/// production runs anyway.
/// </summary>
internal sealed class NodeHarness : IAsyncDisposable
{
    public const string Key = "test-key";

    private NodeHarness(NodeHost node, HttpClient client)
    {
        Node = node;
        Client = client;
    }

    public NodeHost Node { get; }

    public HttpClient Client { get; }

    /// <param name="redis">A Redis configuration string, or null for a node without Redis.</param>
    /// <param name="inlineScheduling">phantom.http.inline-scheduling: handlers on the socket's I/O thread.</param>
    /// <param name="journal">phantom.journal.connection (a SQLite path); null leaves the node without a journal setting.</param>
    public static async Task<NodeHarness> StartAsync(string? redis, bool publicPricing = true, string apiKey = Key, string? models = null, bool inlineScheduling = false, string? journal = null)
    {
        var configuration = new PhantomConfiguration();
        if (journal is not null)
        {
            configuration.Set("phantom.journal.connection", journal);
        }

        var options = configuration
            .Set("phantom.models.directory", models ?? Path.Combine(Path.GetTempPath(), "phantom-no-models-" + Guid.NewGuid().ToString("N")))
            .Set("phantom.models.watch-interval", "0")
            .Set("phantom.pipeline.partitions", "2")
            .Set("phantom.http.pricing-url", "http://127.0.0.1:0")
            .Set("phantom.http.ingest-url", "")
            .Set("phantom.http.api-key", apiKey)
            .Set("phantom.http.public-pricing", publicPricing ? "true" : "false")
            .Set("phantom.redis.configuration", redis ?? "")
            .Set("phantom.redis.connect-timeout", "500ms")
            .Set("phantom.http.inline-scheduling", inlineScheduling ? "true" : "false")
            .Build(new Dictionary<string, string>());
        var node = new NodeHost(options);
        await node.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(node.Http.BoundUrls[0]), Timeout = TimeSpan.FromSeconds(30) };
        return new NodeHarness(node, client);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("X-Phantom-Key", key);
        }

        return Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }.MediaType, response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Waits (bounded) until the node's hot cache holds a price for the session and product.</summary>
    public async Task WaitForQuoteAsync(string sessionId, string productId)
    {
        Assert.True(Node.Runtime.Catalog.TryGet(productId, out var product));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!Node.HotStore.TryGetSessionPrice(sessionId, product.Index, out _))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no price for {sessionId}/{productId} reached the hot cache");
            await Task.Delay(10);
        }
    }

    public static string Event(string sessionId, string eventName = "view_item_page", string? productId = "hotel-deluxe-01", string mode = "hotel") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["sessionId"] = sessionId,
            ["eventName"] = eventName,
            ["page"] = productId is null ? "/" : $"/{mode}/products/{productId}",
            ["productId"] = productId,
            ["storeMode"] = mode,
            ["ts"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Node.DisposeAsync();
    }
}
