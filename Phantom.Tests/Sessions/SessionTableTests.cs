using System.Collections.Concurrent;
using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class SessionTableTests
{
    private sealed class Collector : ISessionObserver
    {
        public ConcurrentQueue<SessionEntity> Final { get; } = new();

        public void OnPassivated(SessionEntity session) => Final.Enqueue(session);
    }

    [Fact]
    public void Apply_NewSession_MaterialisesIdFromRecordAndReusesEntity()
    {
        var table = new SessionTable(TestEvents.Model());
        var (record, first) = TestEvents.WithId("d423ce8a-77aa-4c9a-94d4-d1adddcc3472", EventName.PageView, TestEvents.T0);
        var entity = table.Apply(in first, record);
        var (_, second) = TestEvents.WithId("d423ce8a-77aa-4c9a-94d4-d1adddcc3472", EventName.ViewItemPage, TestEvents.T0 + 1000);

        Assert.Same(entity, table.Apply(in second, record));
        Assert.Equal("d423ce8a-77aa-4c9a-94d4-d1adddcc3472", entity.SessionId);
        Assert.Equal(Utf8Hash.Of("d423ce8a-77aa-4c9a-94d4-d1adddcc3472"), entity.Key);
        Assert.Equal(2, entity.Sequence);
        Assert.Equal(1, table.Count);
        Assert.Equal(1, table.Created);
    }

    [Fact]
    public void Apply_SessionIdleLongerThanPassivation_IsCompletedAndHandedToObserver()
    {
        var collector = new Collector();
        var table = new SessionTable(TestEvents.Model(s => s.PassivateIdleAfter = TimeSpan.FromMinutes(30)), collector);
        var (idleRecord, idle) = TestEvents.WithId("idle", EventName.PageView, TestEvents.T0);
        table.Apply(in idle, idleRecord);

        // 29:59 later the idle session is not yet past its 30 minutes: it stays.
        var (busyRecord, busy) = TestEvents.WithId("busy", EventName.PageView, TestEvents.T0 + 1_799_999);
        table.Apply(in busy, busyRecord);
        Assert.Equal(2, table.Count);
        Assert.Empty(collector.Final);

        // 30:01 later it is idle past the limit: the sweep reaches it within one pass over the 16-slot table
        // (16 / PassivationChecksPerEvent events of another session).
        for (var i = 0; i < 16 / SessionTable.PassivationChecksPerEvent && table.Count > 1; i++)
        {
            busy.TimestampMs = TestEvents.T0 + 1_800_001 + i;
            table.Apply(in busy, busyRecord);
        }

        Assert.Equal(1, table.Count);
        var final = Assert.Single(collector.Final);
        Assert.Equal("idle", final.SessionId);
        Assert.True(final.Completed);
        Assert.Equal(1, table.Passivated);
        Assert.False(table.TryGet(Utf8Hash.Of("idle"), out _));
        // start→pv→end: two transitions, so f is no longer the prior.
        Assert.NotEqual(0.5, final.AgentProbability);
    }

    [Fact]
    public void Apply_ReturningSessionAfterPassivation_StartsAFreshEntity()
    {
        var table = new SessionTable(TestEvents.Model());
        var (record, e) = TestEvents.WithId("again", EventName.PageView, TestEvents.T0);
        var first = table.Apply(in e, record);
        table.PassivateIdle(TestEvents.T0 + (31 * 60_000));
        e.TimestampMs = TestEvents.T0 + (32 * 60_000);
        var second = table.Apply(in e, record);

        Assert.NotSame(first, second);
        Assert.Equal(1, second.Sequence);
    }

    [Fact]
    public void Apply_ManyIdleSessions_SweepPassivatesEveryIdleOneAndNoActiveOne()
    {
        var collector = new Collector();
        var table = new SessionTable(TestEvents.Model(), collector);
        for (var i = 0; i < 10; i++)
        {
            var (r, e) = TestEvents.WithId($"old-{i}", EventName.PageView, TestEvents.T0 + i);
            table.Apply(in e, r);
        }

        // One pass of the sweep cursor covers the table's capacity (15 sessions at a load of at most 0.75: 32 slots)
        // at PassivationChecksPerEvent slots an event; the new sessions keep arriving, so none of them is idle.
        var later = TestEvents.T0 + (60 * 60_000);
        var events = 0;
        for (; collector.Final.Count < 10 && events < 64; events++)
        {
            var (r, e) = TestEvents.WithId($"new-{events % 5}", EventName.PageView, later + events);
            table.Apply(in e, r);
            Assert.True(collector.Final.Count <= (events + 1) * SessionTable.PassivationChecksPerEvent);
        }

        Assert.Equal(5, table.Count);
        Assert.True(events <= (32 / SessionTable.PassivationChecksPerEvent) + 1, $"took {events} events to sweep a 32-slot table");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"old-{i}"), collector.Final.Select(s => s.SessionId).Order());
        Assert.All(collector.Final, s => Assert.True(s.Completed));
    }

    [Fact]
    public void Apply_RecentlyTouchedSession_IsNotPassivatedBeforeOlderOnes()
    {
        var collector = new Collector();
        var table = new SessionTable(TestEvents.Model(), collector);
        var (ra, a) = TestEvents.WithId("a", EventName.PageView, TestEvents.T0);
        var (rb, b) = TestEvents.WithId("b", EventName.PageView, TestEvents.T0 + 1000);
        table.Apply(in a, ra);
        table.Apply(in b, rb);
        a.TimestampMs = TestEvents.T0 + (20 * 60_000); // a touched again: b is now the oldest
        table.Apply(in a, ra);

        Assert.Equal(1, table.PassivateIdle(TestEvents.T0 + (35 * 60_000)));
        Assert.Equal("b", Assert.Single(collector.Final).SessionId);
        Assert.True(table.TryGet(Utf8Hash.Of("a"), out _));
    }

    [Fact]
    public void PassivateAll_LiveSessions_CompletesAndHandsOverEach()
    {
        var collector = new Collector();
        var table = new SessionTable(TestEvents.Model(), collector);
        for (var i = 0; i < 3; i++)
        {
            var (r, e) = TestEvents.WithId($"s{i}", EventName.PageView, TestEvents.T0 + i);
            table.Apply(in e, r);
        }

        Assert.Equal(3, table.PassivateAll());
        Assert.Equal(0, table.Count);
        Assert.Equal(3, collector.Final.Count);
        Assert.All(collector.Final, s => Assert.True(s.Completed));
    }

    [Fact]
    public void Model_Replaced_EntityRebindsOnItsNextEvent()
    {
        var table = new SessionTable(TestEvents.Model());
        var (r, e) = TestEvents.WithId("m", EventName.PageView, TestEvents.T0);
        var entity = table.Apply(in e, r);
        var reloaded = TestEvents.Model(agent: a => a.Prior = 0.2);
        table.Model = reloaded;
        e.TimestampMs++;
        table.Apply(in e, r);

        Assert.Same(reloaded, entity.Model);
    }
}
