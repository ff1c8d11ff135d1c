using Phantom.Streams.Events;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

public class PipelineWriterTests
{
    [Fact]
    public async Task TryWriteToShard_ExplicitShard_RecordLandsOnThatShardWhateverItsKey()
    {
        var fixture = new PipelineFixture(4, "capture");
        var shards = new System.Collections.Concurrent.ConcurrentQueue<(long Offset, int Shard)>();
        fixture.Registry.Register("capture", s => new LambdaStage("capture", (ref EventContext c) => shards.Enqueue((c.SourceOffset, s.Shard))));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();

        for (var i = 0; i < 40; i++)
        {
            Assert.True(writer.TryWriteToShard(i % 4, 12345, TestPayload.Encode(1, i), i));
        }

        await writer.FlushAsync();
        Assert.True(await pipeline.ShutdownAsync());

        Assert.Equal(40, shards.Count);
        Assert.All(shards, s => Assert.Equal(s.Offset % 4, s.Shard));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.TryWriteToShard(4, 1, TestPayload.Encode(1, 0), 0));
    }

    [Fact]
    public async Task TryWrite_SessionKey_RoutesByUtf8HashPartition()
    {
        var fixture = new PipelineFixture(5, "capture");
        var shards = new System.Collections.Concurrent.ConcurrentQueue<(ulong Session, int Shard)>();
        fixture.Registry.Register("capture", s => new LambdaStage("capture", (ref EventContext c) => shards.Enqueue((TestPayload.Decode(c.Record).Session, s.Shard))));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();

        for (var i = 0; i < 100; i++)
        {
            await writer.WriteAsync(TestPayload.KeyOf((ulong)i), TestPayload.Encode((ulong)i, 0), i);
        }

        Assert.True(await pipeline.ShutdownAsync());

        Assert.Equal(100, shards.Count);
        Assert.All(shards, s => Assert.Equal(Utf8Hash.Partition(TestPayload.KeyOf(s.Session), 5), s.Shard));
    }

    [Fact]
    public async Task TryFlush_PartialBatch_IsProcessedWithoutShutdown()
    {
        var fixture = new PipelineFixture(1, "capture");
        var count = 0;
        fixture.Registry.Register("capture", _ => new LambdaStage("capture", (ref EventContext _) => Interlocked.Increment(ref count)));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        writer.TryWrite(1, TestPayload.Encode(1, 0), 0);
        writer.TryWrite(1, TestPayload.Encode(1, 1), 1);

        Assert.True(writer.TryFlush());
        await PipelineFixture.WaitForProcessedAsync(pipeline, 2);

        Assert.Equal(2, Volatile.Read(ref count));
        Assert.Equal(2, pipeline.GetMetrics().EventsIn);
    }

    [Fact]
    public void RecordBatch_AppendPastInitialBytes_GrowsAndKeepsEveryRecord()
    {
        var batch = new RecordBatch(capacity: 4, initialBytes: 8);
        byte[][] records = [[1, 2, 3], new byte[100], [7], new byte[1000]];
        for (var i = 0; i < records.Length; i++)
        {
            records[i].AsSpan().Fill((byte)(i + 1));
            batch.Append((ulong)i, records[i], 10 + i, 100 + i);
        }

        Assert.True(batch.IsFull);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(records[i], batch.Record(i).ToArray());
            Assert.Equal((ulong)i, batch.Key(i));
            Assert.Equal(10 + i, batch.SourceOffset(i));
            Assert.Equal(100 + i, batch.EnqueueTimestamp(i));
        }

        Assert.Throws<InvalidOperationException>(() => batch.Append(9, [1], 0, 0));
        batch.Clear();
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public async Task RecordsPerClockRead_Eight_RecordsShareStampsInGroupsAndAFlushStartsAfresh()
    {
        var fixture = new PipelineFixture(1, "capture");
        var stamps = new System.Collections.Concurrent.ConcurrentQueue<(long Offset, long Stamp)>();
        fixture.Registry.Register("capture", _ => new LambdaStage("capture", (ref EventContext c) => stamps.Enqueue((c.SourceOffset, c.EnqueuedTimestamp))));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();
        writer.RecordsPerClockRead = 8;

        for (var i = 0; i < 16; i++)
        {
            Assert.True(writer.TryWrite(1, TestPayload.Encode(1, i), i));
            Thread.Sleep(1); // the clock moves between records, so a fresh read differs from the last
        }

        await writer.FlushAsync();
        Assert.True(writer.TryWrite(1, TestPayload.Encode(1, 16), 16));
        await writer.FlushAsync();
        Assert.True(await pipeline.ShutdownAsync());

        var byOffset = stamps.OrderBy(s => s.Offset).Select(s => s.Stamp).ToArray();
        Assert.Equal(17, byOffset.Length);
        Assert.All(byOffset[1..8], s => Assert.Equal(byOffset[0], s));
        Assert.All(byOffset[9..16], s => Assert.Equal(byOffset[8], s));
        Assert.True(byOffset[8] > byOffset[0]);
        Assert.True(byOffset[16] > byOffset[15]); // the flush reset the shared read: record 16 read the clock itself
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.RecordsPerClockRead = 0);
    }

    [Fact]
    public async Task RecordsPerClockRead_Default_EveryRecordReadsTheClock()
    {
        var fixture = new PipelineFixture(1, "capture");
        var stamps = new System.Collections.Concurrent.ConcurrentQueue<long>();
        fixture.Registry.Register("capture", _ => new LambdaStage("capture", (ref EventContext c) => stamps.Enqueue(c.EnqueuedTimestamp)));
        await using var pipeline = fixture.Build();
        pipeline.Start();
        var writer = pipeline.CreateWriter();

        for (var i = 0; i < 4; i++)
        {
            Assert.True(writer.TryWrite(1, TestPayload.Encode(1, i), i));
            Thread.Sleep(1);
        }

        Assert.True(await pipeline.ShutdownAsync());
        Assert.Equal(1, writer.RecordsPerClockRead);
        Assert.Equal(4, stamps.Distinct().Count());
    }
}
