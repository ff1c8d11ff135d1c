using System.Text;
using Phantom.Streams.Collections;
using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// One shard's live sessions: key to <see cref="SessionEntity"/> (an open-addressing map sized for many small
/// sessions), with passivation of idle entities in event time.
/// Single writer (the shard's thread); not thread-safe.
/// <para>
/// Passivation: the table keeps each entity's last event time in its slot (the stamp), and every <see cref="Apply"/> sweeps the next
/// <see cref="PassivationChecksPerEvent"/> slots of a cursor cycling through the table, passivating entities whose
/// last event is older than the shard's event-time watermark minus <see cref="SessionOptions.PassivateIdleAfter"/>.
/// The sweep reads contiguous slots and touches an entity only to passivate it, so the cost per event is a constant
/// few memory reads; an idle entity leaves within one pass of the cursor (table capacity / checks events) after it
/// falls due, and never early.
/// </para>
/// <para>
/// A passivated entity is completed and keeps its final state (a private copy) only when an <see cref="ISessionObserver"/>
/// is there to receive it. Without one nobody reads it again, so its slot simply goes back to the slab: no copy, no garbage (in
/// <c>phantom bench stream</c> those copies were the only thing the pipeline left for the GC). The slot is given back
/// at the next <see cref="Apply"/>, not at once, because the sweep can passivate the very session the current event
/// belongs to (an event older than the idle limit), and the stages after this one still read its state.
/// </para>
/// </summary>
public sealed class SessionTable
{
    /// <summary>Slots of the passivation sweep examined per applied event.</summary>
    public const int PassivationChecksPerEvent = 4;

    private readonly StampedTable<ulong, SessionEntity, IdentityHasher> _entities = new();
    private readonly SessionStateSlab _states = new();
    private readonly ISessionObserver? _observer;
    private readonly ISessionRecovery? _recovery;
    private readonly Action<SessionEntity> _passivate;
    private readonly Action<SessionEntity> _drop;
    private readonly List<SessionEntity> _releasing = [];
    private SessionModel _model;

    public SessionTable(SessionModel model, ISessionObserver? observer = null, ISessionRecovery? recovery = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _observer = observer;
        _recovery = recovery;
        _passivate = Passivate;
        _drop = entity => entity.ReleaseSlab(_states); // dropped entities reach no observer: nobody reads them again
    }

    /// <summary>
    /// The model new and touched entities use. Replace it as a whole to reload (a reference write, safe from another
    /// thread); each entity rebinds on its next event.
    /// </summary>
    public SessionModel Model
    {
        get => Volatile.Read(ref _model);
        set => Volatile.Write(ref _model, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Live entities.</summary>
    public int Count => _entities.Count;

    /// <summary>Entities passivated so far.</summary>
    public long Passivated { get; private set; }

    /// <summary>Entities created so far.</summary>
    public long Created { get; private set; }

    /// <summary>Latest event time seen by this shard (Unix ms): the clock passivation runs on.</summary>
    public long WatermarkMs { get; private set; } = long.MinValue;

    /// <summary>
    /// Applies an event to its session, creating the entity on the session's first event (the id string is
    /// materialised from <paramref name="record"/> then, once), and passivates a few idle entities.
    /// </summary>
    /// <returns>The entity after the event.</returns>
    public SessionEntity Apply(in InteractionEvent e, ReadOnlySpan<byte> record)
    {
        var model = Model;
        if (_releasing.Count > 0)
        {
            ReleasePassivated();
        }

        if (_recovery is not null && _recovery.TakeReset())
        {
            // The partition was (re)assigned: what memory holds may be behind the journal; rebuild on demand.
            _entities.RemoveAll(long.MaxValue, _drop);
        }

        var slot = _entities.Find(e.SessionKey);
        SessionEntity entity;
        if (slot < 0)
        {
            entity = new SessionEntity(e.SessionKey, Encoding.UTF8.GetString(e.SessionId.In(record)), model, _states);
            if (_recovery is not null)
            {
                try
                {
                    _recovery.TryRecover(entity);
                }
                catch
                {
                    entity.LeaveSlab(_states); // the entity never joins the table: give its slot back
                    throw;
                }
            }

            slot = _entities.Add(e.SessionKey, entity, e.TimestampMs);
            Created++;
        }
        else
        {
            entity = _entities.ValueAt(slot);
            if (!ReferenceEquals(entity.Model, model))
            {
                entity.Rebind(model);
            }
        }

        entity.Apply(in e);
        _entities.Stamp(slot, entity.LastEventMs);
        if (e.TimestampMs > WatermarkMs)
        {
            WatermarkMs = e.TimestampMs;
        }

        _entities.Sweep(PassivationChecksPerEvent, WatermarkMs - model.PassivateIdleAfterMs, _passivate);
        return entity;
    }

    public bool TryGet(ulong key, out SessionEntity entity) => _entities.TryGet(key, out entity);

    /// <summary>
    /// Visits every live entity without changing anything. Meant for read-only sweeps off the hot path (the dashboard's
    /// agent-probability histogram, once a second): from another thread the view is approximate (an entity may be
    /// missed or seen twice while the shard moves it, and its numbers may be mid-update), and the visitor must only read.
    /// </summary>
    public void VisitLive(Action<SessionEntity> visit) => _entities.ForEachValue(visit);

    /// <summary>
    /// Look-ahead for a session a few events away: first call it with <paramref name="stage"/> 0 (starts loading the
    /// table slot), then, some events later when that slot is in cache, with 1 (finds the entity and starts loading
    /// its state). Hints only: nothing changes, and a wrong or absent key costs a probe.
    /// </summary>
    public void Prefetch(ulong key, int stage)
    {
        if (stage == 0)
        {
            _entities.Prefetch(key);
            return;
        }

        var slot = _entities.Find(key);
        if (slot >= 0)
        {
            _entities.ValueAt(slot).PrefetchState();
        }
    }

    /// <summary>
    /// Passivates every entity idle as of <paramref name="nowMs"/> (event time), e.g. from a timer when the stream
    /// is quiet. Sweeps the whole table.
    /// </summary>
    /// <returns>Entities passivated.</returns>
    public int PassivateIdle(long nowMs)
    {
        var passivated = _entities.RemoveAll(nowMs - Model.PassivateIdleAfterMs, _passivate);
        ReleasePassivated();
        return passivated;
    }

    /// <summary>Passivates every live entity (shutdown or drain). Call on the shard's thread or after it stopped.</summary>
    /// <returns>Entities passivated.</returns>
    public int PassivateAll()
    {
        var passivated = _entities.RemoveAll(long.MaxValue, _passivate);
        ReleasePassivated();
        return passivated;
    }

    /// <summary>Session states the table's slab holds in chunks (in use or free for reuse).</summary>
    internal long StateCapacity => _states.Capacity;

    /// <summary>Slab slots held by live entities or by passivated ones not yet given back.</summary>
    internal int StatesInUse => _states.InUse;

    private void Passivate(SessionEntity entity)
    {
        if (_observer is null)
        {
            // Nobody reads its final state, so it is not completed either: that would only load the cold state to
            // update numbers about to be dropped.
            _releasing.Add(entity);
        }
        else
        {
            entity.Complete();
            entity.LeaveSlab(_states);
        }

        Passivated++;
        _observer?.OnPassivated(entity);
        _recovery?.Passivated(entity);
    }

    private void ReleasePassivated()
    {
        foreach (var entity in _releasing)
        {
            entity.ReleaseSlab(_states);
        }

        _releasing.Clear();
    }
}
