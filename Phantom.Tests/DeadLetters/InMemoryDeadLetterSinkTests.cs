using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;

namespace Phantom.Tests.DeadLetters;

public class InMemoryDeadLetterSinkTests
{
    [Fact]
    public void Write_Records_CountsPerReasonAndCopiesPayload()
    {
        var sink = new InMemoryDeadLetterSink();
        var payload = new byte[] { 1, 2, 3 };

        sink.Write(2, 40, RejectReason.MalformedJson, payload);
        payload[0] = 99;
        sink.Write(3, 41, RejectReason.MalformedJson, payload);
        sink.Write(0, 42, RejectReason.Oversize, ReadOnlySpan<byte>.Empty);

        Assert.Equal(3, sink.Total);
        Assert.Equal(2, sink.Count(RejectReason.MalformedJson));
        Assert.Equal(1, sink.Count(RejectReason.Oversize));
        Assert.Equal(0, sink.Count(RejectReason.Empty));
        Assert.Equal(new Dictionary<RejectReason, long> { [RejectReason.MalformedJson] = 2, [RejectReason.Oversize] = 1 }, sink.Counts());
        var recent = sink.Recent();
        Assert.Equal(3, recent.Count);
        Assert.Equal(new DeadLetter(2, 40, RejectReason.MalformedJson, recent[0].Payload), recent[0]);
        Assert.Equal(new byte[] { 1, 2, 3 }, recent[0].Payload);
        Assert.Equal(new byte[] { 99, 2, 3 }, recent[1].Payload);
        Assert.Empty(recent[2].Payload);
    }

    [Fact]
    public void Recent_MoreWritesThanCapacity_KeepsLatestOldestFirst()
    {
        var sink = new InMemoryDeadLetterSink(keepRecent: 4);

        for (var i = 0; i < 10; i++)
        {
            sink.Write(0, i, RejectReason.Empty, [(byte)i]);
        }

        Assert.Equal(new long[] { 6, 7, 8, 9 }, sink.Recent().Select(d => d.Offset));
        Assert.Equal(10, sink.Count(RejectReason.Empty));
    }

    [Fact]
    public void Write_ZeroCapacity_OnlyCounts()
    {
        var sink = new InMemoryDeadLetterSink(keepRecent: 0);

        sink.Write(0, 1, RejectReason.BadTimestamp, [1]);

        Assert.Empty(sink.Recent());
        Assert.Equal(1, sink.Count(RejectReason.BadTimestamp));
    }

    [Fact]
    public void Write_ConcurrentWriters_LosesNoCount()
    {
        const int writers = 8;
        const int perWriter = 20_000;
        var sink = new InMemoryDeadLetterSink(keepRecent: 64);
        var reasons = RejectReasons.All;

        Parallel.For(0, writers, new ParallelOptions { MaxDegreeOfParallelism = writers }, w =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                sink.Write(w, i, reasons[i % reasons.Count], [(byte)w]);
            }
        });

        Assert.Equal(writers * perWriter, sink.Total);
        Assert.Equal(writers * perWriter, sink.Counts().Values.Sum());
        foreach (var reason in reasons)
        {
            var expected = writers * Enumerable.Range(0, perWriter).Count(i => reasons[i % reasons.Count] == reason);
            Assert.Equal(expected, sink.Count(reason));
        }

        Assert.Equal(64, sink.Recent().Count);
    }
}
