using System.Collections.Concurrent;
using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Sources;
using Phantom.Streams.Generation;
using Phantom.Streams.Hosting;

namespace Phantom.Tests.Flow;

/// <summary>The shard-owned mode: each shard pulls its own partition of an <see cref="IPartitionedSource"/>.</summary>
public class ShardOwnedPipelineTests
{
    private static RecordingStage.Log AddRecording(PipelineFixture fixture, string name = "record")
    {
        var log = new RecordingStage.Log();
        fixture.Registry.Register(name, shard => new RecordingStage(name, log, shard.Shard));
        return log;
    }

    private static PresplitMemorySource Interleaved(int partitions, int sessions, int eventsPerSession)
    {
        var records = new List<byte[]>();
        var keys = new List<ulong>();
        for (var sequence = 0; sequence < eventsPerSession; sequence++)
        {
            for (var session = 0; session < sessions; session++)
            {
                records.Add(TestPayload.Encode((ulong)session, sequence));
                keys.Add(TestPayload.KeyOf((ulong)session));
            }
        }

        return PresplitMemorySource.Split(partitions, records.Count, i => records[i], keys);
    }

    [Fact]
    public async Task RunPartitionedSourceAsync_ManySessions_EverySessionInOrderOnTheShardTheRouterWouldPick()
    {
        var fixture = new PipelineFixture(4, "record", "thread");
        var log = AddRecording(fixture);
        var threads = new ConcurrentDictionary<string, byte>();
        fixture.Registry.Register("thread", _ => new LambdaStage("thread", (ref EventContext _) => threads.TryAdd(Thread.CurrentThread.Name ?? "", 0)));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = Interleaved(4, sessions: 300, eventsPerSession: 40);

        await pipeline.RunPartitionedSourceAsync(source).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await pipeline.ShutdownAsync());

        Assert.Empty(log.Violations);
        Assert.Equal(12_000, log.Seen.Count);
        Assert.All(log.Seen, s => Assert.Equal(Utf8Hash.Partition(TestPayload.KeyOf(s.Session), 4), s.Shard));
        Assert.Equal(["phantom-shard-0", "phantom-shard-1", "phantom-shard-2", "phantom-shard-3"], threads.Keys.Order());
        var metrics = pipeline.GetMetrics();
        Assert.Equal(12_000, metrics.EventsIn);
        Assert.Equal(12_000, metrics.Completed);
        Assert.True(metrics.EndToEndMaxMs > 0, "every pulled record is timed from its pull stamp");
        Assert.All(Enumerable.Range(0, 4), p => Assert.Equal(source.CountOf(p), metrics.Shards[p].Events));
    }

    [Fact]
    public async Task ShutdownAsync_EndlessPartitions_StopsPullingProcessesEverythingPulledAndCompletesTheSource()
    {
        var fixture = new PipelineFixture(3, "record");
        var log = AddRecording(fixture);
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = new EndlessPartitionedSource(3, sessions: 60);
        var running = pipeline.RunPartitionedSourceAsync(source);
        await PipelineFixture.WaitForProcessedAsync(pipeline, 5_000);

        Assert.True(await pipeline.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(running.IsCompletedSuccessfully);
        Assert.Equal(PipelineState.Stopped, pipeline.State);
        Assert.Empty(log.Violations);
        Assert.Equal(source.Pulled, log.Seen.Count);
        var metrics = pipeline.GetMetrics();
        Assert.Equal(source.Pulled, metrics.EventsIn);
        Assert.Equal(source.Pulled, metrics.Completed);
        Assert.True(log.EndBatches > 0);
    }

    [Fact]
    public async Task AttachDetach_WhilePartitionsArePulled_LosesAndReordersNothingAndNewStageRunsOnShardThreads()
    {
        var fixture = new PipelineFixture(3, "policy", "record");
        var log = AddRecording(fixture);
        fixture.Registry.Register("policy", _ => new LambdaStage("policy", (ref EventContext _) => { }));
        long extra = 0;
        var wrongThread = 0;
        fixture.Registry.Register("count", shard => new LambdaStage("count", (ref EventContext _) =>
        {
            Interlocked.Increment(ref extra);
            if (Thread.CurrentThread.Name != $"phantom-shard-{shard.Shard}")
            {
                Interlocked.Increment(ref wrongThread);
            }
        }));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = new EndlessPartitionedSource(3, sessions: 50);
        var running = pipeline.RunPartitionedSourceAsync(source);

        var swaps = 0;
        while (swaps < 20 || Interlocked.Read(ref extra) == 0)
        {
            pipeline.Attach("count", afterStage: "policy");
            await Task.Delay(1);
            pipeline.Detach("count");
            swaps++;
            Assert.True(swaps < 5_000, "the attached stage never saw an event");
        }

        Assert.True(await pipeline.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        await running;

        Assert.Empty(log.Violations);
        Assert.Equal(source.Pulled, log.Seen.Count);
        Assert.Equal(0, wrongThread);
        Assert.True(extra > 0);
        Assert.Equal(["policy", "record"], pipeline.Graph);
    }

    [Fact]
    public async Task AskShardAsync_WhileShardPullsItsPartition_AnsweredOnItsThreadBetweenBatches()
    {
        var fixture = new PipelineFixture(2, "record", "look-ahead");
        var log = AddRecording(fixture);
        var inBatch = new int[2];
        var badBatches = 0;
        fixture.Registry.Register("look-ahead", shard => new BatchBoundaryStage(
            begin: batch =>
            {
                if (Interlocked.Exchange(ref inBatch[shard.Shard], 1) != 0 || batch.Count == 0 || batch.Key(0) == 0)
                {
                    Interlocked.Increment(ref badBatches);
                }
            },
            end: () => Volatile.Write(ref inBatch[shard.Shard], 0)));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = new EndlessPartitionedSource(2, sessions: 40);
        var running = pipeline.RunPartitionedSourceAsync(source);
        await PipelineFixture.WaitForProcessedAsync(pipeline, 1_000);

        var answers = new List<(string? Thread, int InBatch)>();
        for (var i = 0; i < 20; i++)
        {
            var shard = i % 2;
            answers.Add(await pipeline.AskShardAsync(shard, () => (Thread.CurrentThread.Name, Volatile.Read(ref inBatch[shard])))
                .WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.True(await pipeline.ShutdownAsync());
        await running;

        Assert.All(answers.Select((a, i) => (a, i)), x => Assert.Equal($"phantom-shard-{x.i % 2}", x.a.Thread));
        Assert.All(answers, a => Assert.Equal(0, a.InBatch)); // between batches, never inside one
        Assert.Empty(log.Violations);
        Assert.Equal(0, badBatches);
    }

    [Fact]
    public async Task RunPartitionedSourceAsync_AfterWarmUp_ShardThreadAllocatesNothingPerBatch()
    {
        var fixture = new PipelineFixture(1, "pass", "look-ahead");
        fixture.Registry.Register("pass", _ => new LambdaStage("pass", (ref EventContext _) => { }));
        var batches = 0;
        var allocatingBatches = 0;
        long previousEnd = 0;
        fixture.Registry.Register("look-ahead", _ => new BatchBoundaryStage(
            begin: _ => batches++,
            end: () =>
            {
                // From the end of one batch to the end of the next: the pull and the whole batch.
                var now = GC.GetAllocatedBytesForCurrentThread();
                if (batches > 50 && now != previousEnd)
                {
                    allocatingBatches++;
                }

                previousEnd = now;
            }));
        await using var pipeline = fixture.Build();
        pipeline.Start();

        await pipeline.RunPartitionedSourceAsync(Interleaved(1, sessions: 200, eventsPerSession: 100)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await pipeline.ShutdownAsync());

        Assert.Equal(625, batches); // 20,000 records in batches of 32
        // Allocating per batch would show in all 575 measured batches; the runtime's own one-off allocations on a busy
        // machine (tier-up, on-stack replacement) may show in one or two.
        Assert.True(allocatingBatches <= 2, $"{allocatingBatches} of 575 batches allocated");
    }

    [Fact]
    public async Task RunPartitionedSourceAsync_PartitionCountDiffersFromShards_ThrowsNamingBoth()
    {
        var fixture = new PipelineFixture(2, "record");
        AddRecording(fixture);
        await using var pipeline = fixture.Build();
        pipeline.Start();

        var error = Assert.Throws<ArgumentException>(() => { _ = pipeline.RunPartitionedSourceAsync(Interleaved(3, 10, 2)); });

        Assert.Contains("3 partitions", error.Message);
        Assert.Contains("2 shards", error.Message);
        Assert.True(await pipeline.ShutdownAsync());
    }

    [Fact]
    public async Task RunPartitionedSourceAsync_PullThrows_SourceFaultsAndPipelineStillDrains()
    {
        var fixture = new PipelineFixture(2, "record");
        AddRecording(fixture);
        await using var pipeline = fixture.Build();
        pipeline.Start();

        var running = pipeline.RunPartitionedSourceAsync(new FailingPartitionedSource());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("partition broke", error.Message);
        Assert.Equal("source", pipeline.LastFailure?.Stage);
        Assert.True(await pipeline.ShutdownAsync());
    }

    /// <summary>
    /// The same generated input through the built-in graph, routed and shard-owned: every event gets the same session
    /// features and the same price (global steps off on both, so prices depend on the input alone).
    /// </summary>
    [Fact]
    public async Task RunPartitionedSourceAsync_SameInputAsRouted_SameSessionsFeaturesAndPrices()
    {
        var options = new PhantomConfiguration().Set("phantom.pipeline.partitions", "2").Build(new Dictionary<string, string>());
        options.Pipeline.Stages = [.. options.Pipeline.Stages, "capture"];
        var generator = new TrafficGenerator(options, new ProductCatalog(options.Catalog));
        var records = new List<byte[]>();
        var keys = new List<ulong>();
        var scratch = new byte[generator.MaxLineBytes];
        for (var i = 0; i < 20_000; i++)
        {
            generator.TryWriteNext(scratch, out var length, out var key);
            records.Add(scratch[..length]);
            keys.Add(key);
        }

        var routed = await CaptureAsync(options, runtime => runtime.Pipeline.RunSourceAsync(new MemoryRecordSource(keys.Zip(records))));
        var owned = await CaptureAsync(options, runtime => runtime.Pipeline.RunPartitionedSourceAsync(
            PresplitMemorySource.Split(2, records.Count, i => records[i], keys)));

        Assert.Equal(records.Count, routed.Count);
        Assert.True(routed.Values.Count(v => v.Price.HasPrice) > 1_000, "the input should price many events");
        Assert.Equal(routed.Count, owned.Count);
        foreach (var (offset, expected) in routed)
        {
            var actual = owned[offset];
            Assert.Equal(expected.Session, actual.Session);
            Assert.Equal(expected.Features, actual.Features);
            Assert.Equal(expected.Price.Price, actual.Price.Price);
            Assert.Equal(expected.Price.ProductIndex, actual.Price.ProductIndex);
        }
    }

    private static async Task<Dictionary<long, Captured>> CaptureAsync(PhantomOptions options, Func<PhantomRuntime, Task> run)
    {
        var captured = new ConcurrentDictionary<long, Captured>();
        var stages = PhantomRuntime.BuiltInStages().Register("capture", _ => new LambdaStage("capture", (ref EventContext c) =>
            captured[c.SourceOffset] = new Captured(c.Session?.SessionId, c.Session?.Snapshot(), c.Price)));
        await using var runtime = new PhantomRuntime(options, new InMemoryDeadLetterSink(), stages: stages);
        runtime.Prices.StepsOnEventClock = false;
        runtime.Start();
        await run(runtime).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(await runtime.StopAsync());
        return new Dictionary<long, Captured>(captured);
    }

    private sealed record Captured(string? Session, Phantom.Streams.Sessions.SessionFeatures? Features, PriceDecision Price);

    /// <summary>A partition that fails on its first pull.</summary>
    private sealed class FailingPartitionedSource : IPartitionedSource, IPartitionInput
    {
        public string Name => "failing";

        public int Partitions => 2;

        public IPartitionInput OpenPartition(int partition) => this;

        public PartitionPull Pull(RecordBatch batch, long pulledTimestamp, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("partition broke");
    }
}
