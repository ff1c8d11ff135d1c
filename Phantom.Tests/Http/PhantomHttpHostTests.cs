using Phantom.Cluster.Http;
using Phantom.Cluster.Node;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;
using Phantom.Streams.Hosting;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Http;

[Collection(RedisServerCollection.Name)]
public sealed class PhantomHttpHostTests
{
    [Theory]
    [InlineData("https://127.0.0.1:5001", "phantom.http.pricing-url")]
    [InlineData("not a url", "phantom.http.pricing-url")]
    public async Task Constructor_BadUrl_ConfigurationErrorNamesTheKey(string url, string key)
    {
        var options = new PhantomConfiguration().Set("phantom.pipeline.partitions", "1").Build(new Dictionary<string, string>());
        options.Http.PricingUrl = url;
        await using var runtime = new PhantomRuntime(options, new InMemoryDeadLetterSink());

        var error = Assert.Throws<ConfigurationException>(() => new PhantomHttpHost(runtime, new InProcessEventPublisher(), null, options.Http));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_NoUrlAtAll_ConfigurationError()
    {
        var options = new PhantomConfiguration().Set("phantom.pipeline.partitions", "1").Build(new Dictionary<string, string>());
        options.Http.PricingUrl = "";
        options.Http.IngestUrl = "";
        await using var runtime = new PhantomRuntime(options, new InMemoryDeadLetterSink());

        Assert.Throws<ConfigurationException>(() => new PhantomHttpHost(runtime, new InProcessEventPublisher(), null, options.Http));
    }

    [Fact]
    public async Task MapGuarded_AdminRoute_NeedsTheKeyAndCannotBeAddedAfterStart()
    {
        var options = new PhantomConfiguration()
            .Set("phantom.pipeline.partitions", "1")
            .Set("phantom.http.pricing-url", "http://127.0.0.1:0")
            .Set("phantom.http.ingest-url", "")
            .Set("phantom.http.api-key", "admin-key")
            .Build(new Dictionary<string, string>());
        await using var node = new NodeHost(options);
        node.Http.MapGuarded("GET", "/admin/echo", () => Microsoft.AspNetCore.Http.Results.Json(new[] { "m1" }));
        await node.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(node.Http.BoundUrls[0]) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/echo");
        request.Headers.Add("X-Phantom-Key", "admin-key");

        using var refused = await client.GetAsync("/admin/echo");
        using var allowed = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("[\"m1\"]", await allowed.Content.ReadAsStringAsync());
        Assert.Throws<InvalidOperationException>(() => node.Http.MapGuarded("POST", "/admin/late", () => "late"));
    }

    [Theory]
    [InlineData(RejectReason.MissingSessionId, "sessionId")]
    [InlineData(RejectReason.SessionIdTooLong, "sessionId")]
    [InlineData(RejectReason.UnknownEventName, "eventName")]
    [InlineData(RejectReason.MissingPage, "page")]
    [InlineData(RejectReason.UnknownStoreMode, "storeMode")]
    [InlineData(RejectReason.BadTimestamp, "ts")]
    [InlineData(RejectReason.MalformedJson, "body")]
    public void FieldOf_CodecReason_TheFieldItConcerns(RejectReason reason, string field) =>
        Assert.Equal(field, EventValidator.FieldOf(reason));

    [Theory]
    [InlineData("?sessionId=abc", "abc")]
    [InlineData("?experimentId=e1&sessionId=s-9&x=1", "s-9")]
    [InlineData("?sessionId=a%20b%2Bc", "a b+c")]
    [InlineData("?sessionId=a+b", "a b")]
    [InlineData("?sessionIdX=abc", "")]
    [InlineData("?sessionId=", "")]
    [InlineData("?sessionId", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void SessionIdOf_QueryString_TheDecodedValueOrEmpty(string? query, string expected) =>
        Assert.Equal(expected, PhantomHttpHost.SessionIdOf(query));
}
