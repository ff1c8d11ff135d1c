using Phantom.Streams.Codec;
using Phantom.Streams.Configuration;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using static Phantom.Tests.Codec.CodecTestData;

namespace Phantom.Tests.Codec;

public class ParseStageTests
{
    [Fact]
    public void Create_FromShardContext_IsNamedParseAndUsesSharedOptionsAndCatalog()
    {
        var options = new PhantomOptions();
        options.Codec.MaxSessionIdBytes = 4;
        var catalog = NewCatalog();
        var services = new PipelineServices(options, catalog, new InMemoryDeadLetterSink());

        var stage = ParseStage.Create(new ShardContext(0, 1, services));

        Assert.Equal("parse", stage.Name);
        var tooLong = Process(stage, Utf8(Minimal().Replace("s-1", "12345")));
        Assert.Equal(RejectReason.SessionIdTooLong, tooLong.Rejection);
        var priced = Process(stage, Utf8(Minimal(""","productId":"new-from-stage" """)));
        Assert.Equal("new-from-stage", catalog[priced.Event.ProductIndex].Id);
    }

    [Fact]
    public void Process_GoodRecord_FillsEventAndLeavesContextRunning()
    {
        var stage = NewStage(new ManualClock(0));
        var record = Utf8(ContractExample);

        var context = Process(stage, record);

        Assert.Equal(RejectReason.None, context.Rejection);
        Assert.False(context.Done);
        Assert.Equal(EventName.HoverOverTitle, context.Event.Name);
        Assert.Equal(Utf8Hash.Of("d423ce8a-77aa-4c9a-94d4-d1adddcc3472"), context.Event.SessionKey);
    }

    [Fact]
    public void Process_BadRecord_SetsRejection()
    {
        var stage = NewStage(new ManualClock(0));

        var context = Process(stage, Utf8(Minimal().Replace("page_view", "session_end")));

        Assert.Equal(RejectReason.UnknownEventName, context.Rejection);
        Assert.True(context.Stopped);
    }

    [Fact]
    public void Process_AdminPage_MarksDoneWithoutRejection()
    {
        var stage = NewStage(new ManualClock(0));

        var context = Process(stage, Utf8(Minimal().Replace("\"/hotel\"", "\"/admin/dashboard\"")));

        Assert.True(context.Done);
        Assert.Equal(RejectReason.None, context.Rejection);
    }

    [Fact]
    public void Process_MissingTimestamp_UsesClockReadOncePerBatch()
    {
        var clock = new ManualClock(1_000);
        var stage = NewStage(clock);
        var record = Utf8(Minimal());

        var first = Process(stage, record);
        clock.NowMs = 2_000;
        var sameBatch = Process(stage, record);
        stage.EndBatch();
        var nextBatch = Process(stage, record);

        Assert.Equal(1_000, first.Event.TimestampMs);
        Assert.Equal(1_000, sameBatch.Event.TimestampMs);
        Assert.Equal(2_000, nextBatch.Event.TimestampMs);
    }

    [Fact]
    public void Process_EventTimestamp_WinsOverClock()
    {
        var stage = NewStage(new ManualClock(5));

        var context = Process(stage, Utf8(Minimal(""","ts":"1970-01-01T00:00:01.000Z" """)));

        Assert.Equal(1_000, context.Event.TimestampMs);
    }

    [Fact]
    public void Process_AlreadyStoppedContext_IsLeftAlone()
    {
        var stage = NewStage(new ManualClock(0));
        var context = new EventContext { Record = Utf8(Minimal()), Rejection = RejectReason.Oversize };

        stage.Process(ref context);

        Assert.Equal(RejectReason.Oversize, context.Rejection);
        Assert.Equal(0UL, context.Event.SessionKey);
    }

    private static ParseStage NewStage(TimeProvider clock) => new(NewParser(), clock);

    private static EventContext Process(IFlowStage stage, byte[] record)
    {
        var context = new EventContext { Record = record, SourceOffset = 7 };
        stage.Process(ref context);
        return context;
    }

    private sealed class ManualClock(long nowMs) : TimeProvider
    {
        public long NowMs { get; set; } = nowMs;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(NowMs);
    }
}
