using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

public class PartitionedPipelineTests
{
    private static RecordingStage.Log AddRecording(PipelineFixture fixture, string name = "record")
    {
        var log = new RecordingStage.Log();
        fixture.Registry.Register(name, shard => new RecordingStage(name, log, shard.Shard));
        return log;
    }

    private static void AddPassThrough(PipelineFixture fixture, string name) =>
        fixture.Registry.Register(name, _ => new LambdaStage(name, (ref EventContext _) => { }));

    [Fact]
    public async Task RunSource_ManyConcurrentSessionsAcrossShards_KeepsEverySessionInOrderOnOneShard()
    {
        var fixture = new PipelineFixture(4, "record");
        var log = AddRecording(fixture);
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = new InterleavedSource(sessions: 300, eventsPerSession: 40);

        await pipeline.RunSourceAsync(source);
        Assert.True(await pipeline.ShutdownAsync());

        Assert.Empty(log.Violations);
        Assert.Equal(source.Total, log.Seen.Count);
        var shardsPerSession = log.Seen.GroupBy(s => s.Session).Select(g => g.Select(s => s.Shard).Distinct().Count());
        Assert.All(shardsPerSession, count => Assert.Equal(1, count));
        Assert.True(log.Seen.Select(s => s.Shard).Distinct().Count() > 1, "sessions should spread over shards");
        var metrics = pipeline.GetMetrics();
        Assert.Equal(source.Total, metrics.EventsIn);
        Assert.Equal(source.Total, metrics.Completed);
        Assert.Equal(source.Total, metrics.Stages.Single().In);
        Assert.Equal(source.Total, metrics.Shards.Sum(s => s.Events));
    }

    [Fact]
    public async Task TryWrite_SlowStageAndQueueOfOne_WriterWaitsAndNothingIsDropped()
    {
        var fixture = new PipelineFixture(1, "slow");
        fixture.Options.QueueCapacity = 1;
        fixture.Options.BatchSize = 4;
        var seen = 0;
        fixture.Registry.Register("slow", _ => new LambdaStage("slow", (ref EventContext _) =>
        {
            Thread.Sleep(1);
            Interlocked.Increment(ref seen);
        }));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        var refusals = 0;
        const int total = 120;

        for (var i = 0; i < total; i++)
        {
            var payload = TestPayload.Encode(1, i);
            while (!writer.TryWrite(TestPayload.KeyOf(1), payload, i))
            {
                refusals++;
                await writer.WaitToWriteAsync();
            }
        }

        await writer.FlushAsync();
        Assert.True(await pipeline.ShutdownAsync());

        Assert.True(refusals > 0, "a queue of one batch behind a slow stage must push back on the writer");
        Assert.Equal(total, seen);
        Assert.Equal(total, pipeline.GetMetrics().Completed);
        Assert.Equal(total, writer.RecordsWritten);
    }

    [Fact]
    public async Task ShutdownAsync_PartialBatchesInFlight_ProcessesEverythingCallsEndBatchAndCompletes()
    {
        var fixture = new PipelineFixture(3, "record");
        var log = AddRecording(fixture);
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        const int total = 1001; // not a multiple of the batch size: partial batches stay in the writer

        for (var i = 0; i < total; i++)
        {
            var session = (ulong)(i % 17);
            await writer.WriteAsync(TestPayload.KeyOf(session), TestPayload.Encode(session, i / 17), i);
        }

        var drained = await pipeline.ShutdownAsync();

        Assert.True(drained);
        Assert.True(pipeline.Completion.IsCompletedSuccessfully);
        Assert.Equal(PipelineState.Stopped, pipeline.State);
        Assert.Equal(total, log.Seen.Count);
        Assert.Empty(log.Violations);
        Assert.True(log.EndBatches > 0);
        Assert.Throws<InvalidOperationException>(() => pipeline.CreateWriter());
    }

    [Fact]
    public async Task ShutdownAsync_SourceStillRunning_StopsTheSourceAndDrainsWhatItWrote()
    {
        var fixture = new PipelineFixture(2, "record");
        var log = AddRecording(fixture);
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = new InterleavedSource(sessions: 10, eventsPerSession: 100_000, yieldEvery: 50);
        var running = pipeline.RunSourceAsync(source);
        await PipelineFixture.WaitForProcessedAsync(pipeline, 200);

        Assert.True(await pipeline.ShutdownAsync());

        Assert.True(running.IsCompleted);
        var metrics = pipeline.GetMetrics();
        Assert.True(metrics.EventsIn < source.Total, "the kill switch should have stopped the source early");
        Assert.Equal(metrics.EventsIn, metrics.Completed);
        Assert.Equal(metrics.EventsIn, log.Seen.Count);
        Assert.Empty(log.Violations);
    }

    [Fact]
    public async Task Abort_StageBlocked_StopsWithoutDrainingAndRefusesFurtherWrites()
    {
        var fixture = new PipelineFixture(1, "gate");
        using var gate = new ManualResetEventSlim(false);
        fixture.Registry.Register("gate", _ => new LambdaStage("gate", (ref EventContext _) => gate.Wait()));
        var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        var written = 0;
        while (writer.TryWrite(TestPayload.KeyOf(1), TestPayload.Encode(1, written), written))
        {
            written++;
        }

        pipeline.Abort();
        gate.Set();
        await pipeline.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PipelineState.Aborted, pipeline.State);
        var metrics = pipeline.GetMetrics();
        Assert.True(metrics.Completed < written);
        Assert.True(metrics.Dropped > 0);
        Assert.Throws<InvalidOperationException>(() =>
        {
            for (var i = 0; i < fixture.Options.BatchSize * 2; i++)
            {
                writer.TryWrite(TestPayload.KeyOf(1), TestPayload.Encode(1, i), i);
            }
        });
        Assert.False(await pipeline.ShutdownAsync());
        await pipeline.DisposeAsync();
    }

    [Fact]
    public async Task AttachDetach_WhileEventsFlow_LosesAndReordersNothing()
    {
        var fixture = new PipelineFixture(3, "policy", "record");
        var log = AddRecording(fixture);
        AddPassThrough(fixture, "policy");
        long extra = 0;
        fixture.Registry.Register("count", _ => new LambdaStage("count", (ref EventContext _) => Interlocked.Increment(ref extra)));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = new InterleavedSource(sessions: 50, eventsPerSession: 400, yieldEvery: 500);
        var running = pipeline.RunSourceAsync(source);

        var swaps = 0;
        while (!running.IsCompleted)
        {
            pipeline.Attach("count", afterStage: "policy");
            await Task.Delay(1);
            pipeline.Detach("count");
            swaps++;
        }

        await running;
        Assert.True(await pipeline.ShutdownAsync());

        Assert.True(swaps > 0);
        Assert.Empty(log.Violations);
        Assert.Equal(source.Total, log.Seen.Count);
        Assert.Equal(["policy", "record"], pipeline.Graph);
    }

    [Fact]
    public async Task Attach_AfterEarlierEventsWereProcessed_NewStageSeesOnlyLaterEventsInGraphPosition()
    {
        var fixture = new PipelineFixture(2, "policy", "record");
        var log = AddRecording(fixture);
        AddPassThrough(fixture, "policy");
        var counted = new System.Collections.Concurrent.ConcurrentQueue<long>();
        fixture.Registry.Register("count", _ => new LambdaStage("count", (ref EventContext c) => counted.Enqueue(TestPayload.Decode(c.Record).Sequence)));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        const int before = 300, after = 200;
        for (var i = 0; i < before + after; i++)
        {
            if (i == before)
            {
                await writer.FlushAsync();
                await PipelineFixture.WaitForProcessedAsync(pipeline, before);
                pipeline.Attach("count", afterStage: "policy");
            }

            await writer.WriteAsync(TestPayload.KeyOf((ulong)(i % 7)), TestPayload.Encode((ulong)(i % 7), i / 7), i);
        }

        Assert.True(await pipeline.ShutdownAsync());

        Assert.Equal(["policy", "count", "record"], pipeline.Graph);
        Assert.Equal(after, counted.Count);
        Assert.All(counted, sequence => Assert.True(sequence >= before / 7));
        Assert.Equal(before + after, log.Seen.Count);
        Assert.Empty(log.Violations);
        Assert.Equal(after, pipeline.GetMetrics().Stages.Single(s => s.Name == "count").In);
    }

    [Fact]
    public async Task Detach_StageInGraph_LaterEventsSkipItAndGraphShrinks()
    {
        var fixture = new PipelineFixture(1, "count", "record");
        var log = AddRecording(fixture);
        var count = 0;
        fixture.Registry.Register("count", _ => new LambdaStage("count", (ref EventContext _) => count++));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        for (var i = 0; i < 100; i++)
        {
            await writer.WriteAsync(TestPayload.KeyOf(3), TestPayload.Encode(3, i), i);
        }

        await writer.FlushAsync();
        await PipelineFixture.WaitForProcessedAsync(pipeline, 100);
        pipeline.Detach("count");
        for (var i = 100; i < 150; i++)
        {
            await writer.WriteAsync(TestPayload.KeyOf(3), TestPayload.Encode(3, i), i);
        }

        Assert.True(await pipeline.ShutdownAsync());

        Assert.Equal(100, count);
        Assert.Equal(150, log.Seen.Count);
        Assert.Equal(["record"], pipeline.Graph);
        Assert.Throws<ArgumentException>(() => pipeline.Detach("count"));
    }

    [Fact]
    public void Constructor_UnknownStageName_FailsNamingItAndTheKnownStages()
    {
        var fixture = new PipelineFixture(2, "alpha", "missing", "beta");
        AddPassThrough(fixture, "alpha");
        AddPassThrough(fixture, "beta");

        var error = Assert.Throws<UnknownStageException>(() => fixture.Build());

        Assert.Equal("missing", error.StageName);
        Assert.Contains("missing", error.Message);
        Assert.Contains("alpha", error.Message);
        Assert.Contains("beta", error.Message);
        Assert.Equal(["alpha", "beta"], error.KnownNames);
    }

    [Fact]
    public async Task Attach_UnknownStageName_ThrowsAndLeavesGraphUnchanged()
    {
        var fixture = new PipelineFixture(1, "alpha");
        AddPassThrough(fixture, "alpha");
        AddPassThrough(fixture, "beta");
        await using var pipeline = fixture.Build();

        Assert.Throws<UnknownStageException>(() => pipeline.Attach("nope"));
        Assert.Throws<ArgumentException>(() => pipeline.Attach("beta", afterStage: "nope"));
        Assert.Throws<InvalidOperationException>(() => pipeline.Attach("alpha"));
        Assert.Equal(["alpha"], pipeline.Graph);
    }

    [Fact]
    public async Task Rejection_StageSetsReason_SinkGetsBytesOffsetAndReasonAndLaterStagesSkipIt()
    {
        var fixture = new PipelineFixture(2, "reject-odd", "record");
        var log = AddRecording(fixture);
        fixture.Registry.Register("reject-odd", _ => new LambdaStage("reject-odd", (ref EventContext c) =>
        {
            if (TestPayload.Decode(c.Record).Sequence % 2 == 1)
            {
                c.Rejection = RejectReason.MissingPage;
            }
        }));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        const int total = 101;
        for (var i = 0; i < total; i++)
        {
            await writer.WriteAsync(TestPayload.KeyOf(9), TestPayload.Encode(9, i), 1000 + i);
        }

        Assert.True(await pipeline.ShutdownAsync());

        var letters = fixture.DeadLetters.Letters.ToArray();
        Assert.Equal(total / 2, letters.Length);
        var shard = writer.ShardOf(TestPayload.KeyOf(9));
        Assert.All(letters, l =>
        {
            Assert.Equal(RejectReason.MissingPage, l.Reason);
            Assert.Equal(shard, l.Partition);
            var (session, sequence) = TestPayload.Decode(l.Payload);
            Assert.Equal(9UL, session);
            Assert.Equal(1, sequence % 2);
            Assert.Equal(1000 + sequence, l.Offset);
        });
        Assert.All(log.Seen, s => Assert.Equal(0, s.Sequence % 2));
        var metrics = pipeline.GetMetrics();
        Assert.Equal(total / 2, metrics.Rejected);
        Assert.Equal(total / 2, metrics.RejectedByReason[RejectReason.MissingPage]);
        Assert.Equal(total - (total / 2), metrics.Completed);
        Assert.Equal(total / 2, metrics.Stages.Single(s => s.Name == "reject-odd").Stopped);
    }

    [Fact]
    public async Task Process_StageThrows_RecordDeadLetteredAsStageFailedAndPipelineContinues()
    {
        var fixture = new PipelineFixture(2, "explode", "record");
        var log = AddRecording(fixture);
        fixture.Registry.Register("explode", _ => new LambdaStage("explode", (ref EventContext c) =>
        {
            if (TestPayload.Decode(c.Record).Sequence % 10 == 3)
            {
                throw new InvalidDataException("boom");
            }
        }));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        const int total = 100;
        for (var i = 0; i < total; i++)
        {
            await writer.WriteAsync(TestPayload.KeyOf(4), TestPayload.Encode(4, i), i);
        }

        Assert.True(await pipeline.ShutdownAsync());

        Assert.Equal(10, fixture.DeadLetters.Letters.Count);
        Assert.All(fixture.DeadLetters.Letters, l => Assert.Equal(RejectReason.StageFailed, l.Reason));
        Assert.Equal(90, log.Seen.Count);
        var metrics = pipeline.GetMetrics();
        Assert.Equal(10, metrics.Failures);
        Assert.Equal(10, metrics.RejectedByReason[RejectReason.StageFailed]);
        Assert.Equal(10, metrics.Stages.Single(s => s.Name == "explode").Failures);
        Assert.NotNull(pipeline.LastFailure);
        Assert.Equal("explode", pipeline.LastFailure!.Stage);
        Assert.IsType<InvalidDataException>(pipeline.LastFailure.Exception);
        Assert.Equal(93, pipeline.LastFailure.SourceOffset);
    }

    [Fact]
    public async Task GetMetrics_AfterRun_SamplesStageLatencyAndTimesEveryEventEndToEnd()
    {
        var fixture = new PipelineFixture(2, "a", "b");
        AddPassThrough(fixture, "a");
        AddPassThrough(fixture, "b");
        fixture.Options.LatencySampleEvery = 8;
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var source = new InterleavedSource(sessions: 20, eventsPerSession: 40);
        await pipeline.RunSourceAsync(source);
        Assert.True(await pipeline.ShutdownAsync());

        var metrics = pipeline.GetMetrics();

        Assert.Equal(["a", "b"], metrics.Stages.Select(s => s.Name));
        Assert.All(metrics.Stages, s => Assert.Equal(source.Total, s.In));
        var sampled = metrics.Stages[0].Sampled;
        Assert.InRange(sampled, (source.Total / 8) - 2, (source.Total / 8) + 2);
        Assert.True(metrics.EndToEndMaxMs >= metrics.EndToEndP99Ms);
        Assert.True(metrics.EndToEndP99Ms >= metrics.EndToEndP50Ms);
        Assert.True(metrics.EndToEndP50Ms > 0);
        Assert.Equal(0, metrics.InFlight);
    }

    [Fact]
    public async Task Detach_DisposableStage_DisposedOnceOnItsShardThreadAndTheRestAtStop()
    {
        var fixture = new PipelineFixture(1, "keep");
        var created = new System.Collections.Concurrent.ConcurrentQueue<DisposableStage>();
        foreach (var name in new[] { "keep", "temp", "never-used" })
        {
            fixture.Registry.Register(name, _ =>
            {
                var stage = new DisposableStage(name);
                created.Enqueue(stage);
                return stage;
            });
        }

        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        pipeline.Attach("temp");
        for (var i = 0; i < 10; i++)
        {
            await writer.WriteAsync(1, TestPayload.Encode(1, i), i);
        }

        await writer.FlushAsync();
        await PipelineFixture.WaitForProcessedAsync(pipeline, 10);
        pipeline.Detach("temp");
        await writer.WriteAsync(1, TestPayload.Encode(1, 10), 10);
        await writer.FlushAsync();
        await PipelineFixture.WaitForProcessedAsync(pipeline, 11);
        pipeline.Attach("never-used");

        var first = pipeline.ShutdownAsync();
        var second = pipeline.ShutdownAsync();
        Assert.True(await first);
        Assert.True(await second);

        var stages = created.ToDictionary(s => s.Name);
        Assert.Equal(10, stages["temp"].Events);
        Assert.Equal(11, stages["keep"].Events);
        Assert.Equal(0, stages["never-used"].Events);
        Assert.All(stages.Values, s => Assert.Equal(1, s.Disposals));
        Assert.Equal(stages["temp"].ProcessThread, stages["temp"].DisposeThread);
    }

    [Fact]
    public async Task Abort_WhileSourceRuns_SourceEndsAndEveryAcceptedRecordIsCompletedOrCountedDropped()
    {
        var fixture = new PipelineFixture(2, "gate");
        using var gate = new ManualResetEventSlim(false);
        fixture.Registry.Register("gate", _ => new LambdaStage("gate", (ref EventContext _) => gate.Wait()));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var running = pipeline.RunSourceAsync(new InterleavedSource(sessions: 20, eventsPerSession: 100_000));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (pipeline.GetMetrics().EventsIn < 200)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(5);
        }

        pipeline.Abort();
        gate.Set();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        await pipeline.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        var metrics = pipeline.GetMetrics();
        Assert.Equal(PipelineState.Aborted, pipeline.State);
        Assert.True(metrics.Dropped > 0);
        Assert.Equal(metrics.EventsIn, metrics.Completed + metrics.Rejected + metrics.Dropped);
    }

    [Fact]
    public async Task ShutdownAsync_StageStuckPastDrainTimeout_AbortsAndReportsNotDrained()
    {
        var fixture = new PipelineFixture(1, "gate");
        fixture.Options.DrainTimeout = TimeSpan.FromMilliseconds(200);
        using var gate = new ManualResetEventSlim(false);
        fixture.Registry.Register("gate", _ => new LambdaStage("gate", (ref EventContext _) => gate.Wait()));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(writer.TryWrite(1, TestPayload.Encode(1, i), i));
        }

        var shutdown = pipeline.ShutdownAsync();
        await Task.Delay(400);
        gate.Set();
        var drained = await shutdown.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(drained);
        Assert.Equal(PipelineState.Aborted, pipeline.State);
        Assert.True(pipeline.GetMetrics().Completed < 100);
    }
}
