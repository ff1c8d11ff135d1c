using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Hosting;

namespace Phantom.Tests.Membership;

/// <summary>The "ask the shard" seam: a query runs on the shard's own thread between batches, idle or not.</summary>
public sealed class ShardAskTests
{
    private static PhantomRuntime Runtime() =>
        new(new PhantomConfiguration().Set("phantom.pipeline.partitions", "3").Build(new Dictionary<string, string>()), new InMemoryDeadLetterSink());

    [Fact]
    public async Task AskShardAsync_IdleShard_WokenAndAnsweredOnItsThread()
    {
        await using var runtime = Runtime();
        runtime.Start();

        var thread = await runtime.Pipeline.AskShardAsync(2, () => Thread.CurrentThread.Name).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("phantom-shard-2", thread);
        Assert.Equal(0, runtime.Pipeline.GetMetrics().EventsProcessed);
    }

    [Fact]
    public async Task AskShardAsync_QueryThrows_FaultsWithItsException()
    {
        await using var runtime = Runtime();
        runtime.Start();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            runtime.Pipeline.AskShardAsync<int>(0, () => throw new InvalidOperationException("boom")).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public async Task AskShardAsync_AfterStop_AnsweredOnTheCaller()
    {
        await using var runtime = Runtime();
        runtime.Start();
        Assert.True(await runtime.StopAsync());

        var answer = await runtime.Pipeline.AskShardAsync(1, () => 42).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(42, answer);
    }

    [Fact]
    public async Task AskShardAsync_ManyAsksWhileEventsFlow_EveryAskAnsweredOnce()
    {
        await using var runtime = Runtime();
        runtime.Start();
        var writer = runtime.Pipeline.CreateWriter();
        var counts = new int[3];
        var asks = new List<Task<int>>();
        for (var i = 0; i < 300; i++)
        {
            var record = System.Text.Encoding.UTF8.GetBytes(Phantom.Tests.Http.NodeHarness.Event($"ask-{i % 17}"));
            await writer.WriteAsync(Phantom.Streams.Events.Utf8Hash.Of($"ask-{i % 17}"), record, i);
            var shard = i % 3;
            asks.Add(runtime.Pipeline.AskShardAsync(shard, () => Interlocked.Increment(ref counts[shard])));
        }

        await writer.FlushAsync();
        var answers = await Task.WhenAll(asks).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(300, counts.Sum());
        Assert.Equal(300, answers.Length);
        Assert.Equal(Enumerable.Range(1, 100), answers.Where((_, i) => i % 3 == 0).Order());
    }
}
