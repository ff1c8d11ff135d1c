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
}
