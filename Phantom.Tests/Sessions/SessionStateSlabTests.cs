using Phantom.Streams.Events;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Sessions;

public class SessionStateSlabTests
{
    private sealed class Keeper : ISessionObserver
    {
        public List<SessionEntity> Final { get; } = [];

        public void OnPassivated(SessionEntity session) => Final.Add(session);
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheSlotZeroed()
    {
        var slab = new SessionStateSlab();
        var (chunk, index) = slab.Rent();
        chunk[index].Sequence = 42;
        chunk[index].Demand = 3.5;
        slab.Return(chunk, index);

        var (again, againIndex) = slab.Rent();

        Assert.Same(chunk, again);
        Assert.Equal(index, againIndex);
        Assert.Equal(0, again[againIndex].Sequence);
        Assert.Equal(0, again[againIndex].Demand);
        Assert.Equal(1, slab.InUse);
    }

    [Fact]
    public void Rent_BeyondFirstChunk_GrowsByChunksNotPerState()
    {
        var slab = new SessionStateSlab();
        for (var i = 0; i < 1_000; i++)
        {
            slab.Rent();
        }

        // 64 + 128 + 256 + 512 + 1,024 states: five arrays for a thousand sessions.
        Assert.Equal(1_984, slab.Capacity);
        Assert.Equal(1_000, slab.InUse);
    }

    [Fact]
    public void Passivate_SlotReusedByANewSession_ObserverKeepsTheFinalState()
    {
        var keeper = new Keeper();
        var table = new SessionTable(TestEvents.Model(s => s.PassivateIdleAfter = TimeSpan.FromMinutes(30)), keeper);
        var (oldRecord, old) = TestEvents.WithId("old", EventName.PageView, TestEvents.T0, product: 1);
        table.Apply(in old, oldRecord);
        old.Name = EventName.AddItemToCart;
        old.TimestampMs += 4_000;
        var entity = table.Apply(in old, oldRecord);
        entity.Complete(); // what passivation will do: the expected final state includes session_end
        var expected = entity.Snapshot().ToArray();
        var expectedSequence = entity.Sequence;

        // Far later, new sessions arrive: the old one passivates and its slot goes to one of them.
        var time = TestEvents.T0 + 3_600_000;
        for (var s = 0; s < 40 && keeper.Final.Count == 0; s++)
        {
            var (record, e) = TestEvents.WithId($"new-{s}", EventName.Search, time + s);
            table.Apply(in e, record);
            e.Name = EventName.ViewItemPage;
            e.TimestampMs += 9;
            table.Apply(in e, record);
        }

        // The freed slot is the next one handed out: this session's state overwrites it.
        var (afterRecord, after) = TestEvents.WithId("after", EventName.PurchaseComplete, time + 100, product: 2);
        table.Apply(in after, afterRecord);

        var final = Assert.Single(keeper.Final);
        Assert.Same(entity, final);
        Assert.False(final.InSlab);
        Assert.Equal(expectedSequence, final.Sequence);
        Assert.Equal(expected, final.Snapshot().ToArray());
    }

    [Fact]
    public void Apply_TableSession_StateLivesInTheSlab()
    {
        var table = new SessionTable(TestEvents.Model());
        var (record, e) = TestEvents.WithId("slab", EventName.PageView, TestEvents.T0);

        var entity = table.Apply(in e, record);

        Assert.True(entity.InSlab);
        Assert.False(new SessionEntity(e.SessionKey, "own", TestEvents.Model()).InSlab);
        Assert.Equal(1, entity.Sequence);
    }

    [Fact]
    public void Passivate_WithoutObserver_GivesTheSlotBackAndKeepsNoCopy()
    {
        var table = new SessionTable(TestEvents.Model(s => s.PassivateIdleAfter = TimeSpan.FromMinutes(30)));
        var (oldRecord, old) = TestEvents.WithId("old", EventName.PageView, TestEvents.T0, product: 1);
        var entity = table.Apply(in old, oldRecord);

        var time = TestEvents.T0 + 3_600_000;
        for (var s = 0; s < 40 && table.Passivated == 0; s++)
        {
            var (record, e) = TestEvents.WithId($"new-{s}", EventName.Search, time + s);
            table.Apply(in e, record);
        }

        var (afterRecord, after) = TestEvents.WithId("after", EventName.PurchaseComplete, time + 100, product: 2);
        table.Apply(in after, afterRecord);

        Assert.Equal(1, table.Passivated);
        Assert.Equal(table.Count, table.StatesInUse); // the old session's slot went back
        Assert.False(entity.InSlab);
        Assert.True(entity.Completed);
        Assert.Equal(0, entity.Sequence); // released, not copied: it reads as an empty session
        Assert.Throws<InvalidOperationException>(() => entity.Apply(in old));
    }

    [Fact]
    public void Apply_EventThatPassivatesItsOwnSession_StateStaysReadableUntilTheNextApply()
    {
        var table = new SessionTable(TestEvents.Model(s => s.PassivateIdleAfter = TimeSpan.FromMinutes(30)));
        var (nowRecord, now) = TestEvents.WithId("now", EventName.PageView, TestEvents.T0 + 7_200_000);
        table.Apply(in now, nowRecord);

        // Events two hours behind the watermark: their session is due as soon as the sweep reaches its slot, which
        // happens while one of its own events is applied (no other session is due).
        var (lateRecord, late) = TestEvents.WithId("late", EventName.ViewItemPage, TestEvents.T0, product: 1);
        SessionEntity? current = null;
        var applied = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var passivatedBefore = table.Passivated;
            late.TimestampMs = TestEvents.T0 + i;
            var entity = table.Apply(in late, lateRecord);
            applied = ReferenceEquals(entity, current) ? applied + 1 : 1;
            current = entity;
            if (table.Passivated > passivatedBefore)
            {
                Assert.False(table.TryGet(late.SessionKey, out _));
                Assert.Equal(applied, entity.Sequence); // the stages after the session stage still see this event's state
                Assert.Equal(applied, entity.ItemViews);

                now.TimestampMs += 1;
                table.Apply(in now, nowRecord);
                Assert.Equal(0, entity.Sequence); // given back at the next event
                Assert.Equal(table.Count, table.StatesInUse);
                return;
            }
        }

        Assert.Fail("the late session never passivated");
    }
}
