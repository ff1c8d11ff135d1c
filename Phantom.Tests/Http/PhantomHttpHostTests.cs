using Phantom.Cluster.Http;
using Phantom.Cluster.Node;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;
using Phantom.Streams.Hosting;

namespace Phantom.Tests.Http;

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
}
