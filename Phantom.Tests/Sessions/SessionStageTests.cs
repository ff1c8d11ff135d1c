using System.Collections.Concurrent;
using Phantom.Streams.Events;
using Phantom.Streams.Flow;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class SessionStageTests
{
    private sealed class Collector : ISessionObserver
    {
        public ConcurrentQueue<SessionEntity> Final { get; } = new();

        public void OnPassivated(SessionEntity session) => Final.Enqueue(session);
    }

    [Fact]
    public void Process_Event_AppliesToSessionAndSetsContext()
    {
        var services = TestServices.Create();
        services.Add(SessionModel.From(services.Options));
        var stage = SessionStage.Create(new ShardContext(0, 1, services));
        var (record, e) = TestEvents.WithId("stage-session", EventName.PageView, TestEvents.T0);
        var context = new EventContext { Record = record, Event = e };

        stage.Process(ref context);

        Assert.Equal("session", stage.Name);
        Assert.NotNull(context.Session);
        Assert.Equal("stage-session", context.Session.SessionId);
        Assert.Equal(1, context.Session.Sequence);
    }

    [Fact]
    public void Process_StoppedEvent_LeavesSessionUnset()
    {
        var services = TestServices.Create();
        services.Add(SessionModel.From(services.Options));
        var stage = (SessionStage)SessionStage.Create(new ShardContext(0, 1, services));
        var (record, e) = TestEvents.WithId("admin", EventName.PageView, TestEvents.T0);
        var context = new EventContext { Record = record, Event = e, Done = true };

        stage.Process(ref context);

        Assert.Null(context.Session);
        Assert.Equal(0, stage.Table.Count);
    }

    [Fact]
    public void Create_WithObserverAndDirectory_DrainHandsEverySessionToObserver()
    {
        var services = TestServices.Create();
        var collector = new Collector();
        var directory = new SessionTableDirectory(2);
        services.Add(SessionModel.From(services.Options)).Add<ISessionObserver>(collector).Add(directory);
        var stages = new[] { SessionStage.Create(new ShardContext(0, 2, services)), SessionStage.Create(new ShardContext(1, 2, services)) };
        for (var i = 0; i < 4; i++)
        {
            var (record, e) = TestEvents.WithId($"s{i}", EventName.PageView, TestEvents.T0 + i);
            var context = new EventContext { Record = record, Event = e };
            stages[i % 2].Process(ref context);
        }

        Assert.Same(((SessionStage)stages[1]).Table, directory[1]);
        Assert.Equal(4, directory.PassivateAll());
        Assert.Equal(4, collector.Final.Count);
    }

    [Fact]
    public void Create_WithoutSessionModel_Throws()
    {
        var services = TestServices.Create();
        Assert.Throws<InvalidOperationException>(() => SessionStage.Create(new ShardContext(0, 1, services)));
    }

    [Fact]
    public void BeginBatch_LookAheadOverABatch_SameSessionsAsWithoutIt()
    {
        var services = TestServices.Create();
        services.Add(SessionModel.From(services.Options));
        var withBatch = (SessionStage)SessionStage.Create(new ShardContext(0, 1, services));
        var without = new SessionTable(SessionModel.From(services.Options));
        var batch = new RecordBatch(64, 64 * 64);
        var events = new List<InteractionEvent>();
        for (var n = 0; n < 60; n++)
        {
            // 7 sessions interleaved; one key in the batch is wrong on purpose (the hint must not matter).
            var (record, e) = TestEvents.WithId($"look-{n % 7}", n % 3 == 0 ? EventName.PageView : EventName.ViewItemPage, TestEvents.T0 + (n * 1_000L), product: n % 4);
            batch.Append(n == 30 ? 12345UL : e.SessionKey, record, n, 0);
            events.Add(e);
        }

        withBatch.BeginBatch(batch);
        for (var i = 0; i < batch.Count; i++)
        {
            var context = new EventContext { Record = batch.Record(i), Event = events[i], BatchIndex = i };
            withBatch.Process(ref context);
            var e = events[i];
            without.Apply(in e, batch.Record(i));
        }

        withBatch.EndBatch();

        Assert.Equal(7, withBatch.Table.Count);
        for (var s = 0; s < 7; s++)
        {
            var key = Utf8Hash.Of($"look-{s}");
            Assert.True(withBatch.Table.TryGet(key, out var a));
            Assert.True(without.TryGet(key, out var b));
            Assert.Equal(b.Snapshot().ToArray(), a.Snapshot().ToArray());
        }
    }
}
