using System.Text;
using Phantom.Cluster.Http;
using Phantom.Cluster.Node;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Hosting;
using Phantom.Tests.Infrastructure;

namespace Phantom.Tests.Http;

[Collection(RedisServerCollection.Name)]
public sealed class InProcessEventPublisherTests
{
    [Fact]
    public async Task PublishAsync_UnknownTopic_ArgumentExceptionNamesIt()
    {
        var publisher = new InProcessEventPublisher();

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await publisher.PublishAsync("orders", default, "{}"u8.ToArray()));

        Assert.Contains("orders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RecordsPublishedBeforeStop_AllReachThePipelineThenPublishingIsRefused()
    {
        var options = new PhantomConfiguration().Set("phantom.pipeline.partitions", "2").Build(new Dictionary<string, string>());
        await using var runtime = new PhantomRuntime(options, new InMemoryDeadLetterSink());
        var publisher = new InProcessEventPublisher(capacity: 4);
        runtime.Start();
        _ = runtime.Pipeline.RunSourceAsync(publisher);
        for (var i = 0; i < 50; i++)
        {
            var session = Encoding.UTF8.GetBytes("s" + (i % 7));
            await publisher.PublishAsync(IngestTopics.Default.Interactions, session, Encoding.UTF8.GetBytes(NodeHarness.Event("s" + (i % 7))));
        }

        Assert.True(await runtime.StopAsync());

        Assert.Equal(50, runtime.Pipeline.GetMetrics().EventsProcessed);
        Assert.Equal(0, runtime.Pipeline.GetMetrics().Rejected);
        Assert.Equal(50, publisher.Written);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await publisher.PublishAsync(IngestTopics.Default.Interactions, default, "{}"u8.ToArray()));
    }

    [Fact]
    public async Task PublishAsync_PriceLog_CountedNotQueued()
    {
        var publisher = new InProcessEventPublisher();

        await publisher.PublishAsync(IngestTopics.Default.PriceLogs, "p"u8.ToArray(), "{}"u8.ToArray());

        Assert.Equal(1, publisher.PriceLogs);
        Assert.Equal(0, publisher.Published);
    }
}
