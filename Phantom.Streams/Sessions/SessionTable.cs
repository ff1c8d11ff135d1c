using System.Text;
using Phantom.Streams.Events;

namespace Phantom.Streams.Sessions;

/// <summary>
/// One shard's live sessions: key to <see cref="SessionEntity"/> (an open-addressing map sized for many small
/// sessions), with passivation of idle entities in event time.
/// Single writer (the shard's thread); not thread-safe.
/// <para>
/// Passivation: entities sit in an intrusive list ordered by last touch; every <see cref="Apply"/> moves its entity to
/// the new end and then examines at most <see cref="PassivationChecksPerEvent"/> of the oldest, passivating those whose
/// last event is older than the shard's event-time watermark minus <see cref="SessionOptions.PassivateIdleAfter"/>. Each
/// entity is passivated once and each event does a constant amount of work, so the cost is amortised O(1); since an
/// event creates at most one entity and may retire several, a backlog of idle entities drains. Touch order is arrival
/// order, which equals event-time order up to the source's disorder, so an out-of-order straggler may keep an idle
/// neighbour alive a little longer; nothing is passivated early.
/// </para>
/// </summary>
public sealed class SessionTable
{
    /// <summary>Oldest entities examined per applied event.</summary>
    public const int PassivationChecksPerEvent = 2;

    private readonly SessionMap _entities = new();
    private readonly ISessionObserver? _observer;
    private SessionModel _model;
    private SessionEntity? _oldest;
    private SessionEntity? _newest;

    public SessionTable(SessionModel model, ISessionObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _observer = observer;
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
        if (!_entities.TryGet(e.SessionKey, out var entity))
        {
            entity = new SessionEntity(e.SessionKey, Encoding.UTF8.GetString(e.SessionId.In(record)), model);
            _entities.Add(entity);
            Created++;
        }
        else
        {
            Unlink(entity);
            if (!ReferenceEquals(entity.Model, model))
            {
                entity.Rebind(model);
            }
        }

        entity.Apply(in e);
        Append(entity);
        if (e.TimestampMs > WatermarkMs)
        {
            WatermarkMs = e.TimestampMs;
        }

        var idleBefore = WatermarkMs - model.PassivateIdleAfterMs;
        for (var i = 0; i < PassivationChecksPerEvent && _oldest is { } oldest && oldest != entity && oldest.LastEventMs < idleBefore; i++)
        {
            Passivate(oldest);
        }

        return entity;
    }

    public bool TryGet(ulong key, out SessionEntity entity) => _entities.TryGet(key, out entity);

    /// <summary>
    /// Passivates every entity idle as of <paramref name="nowMs"/> (event time), e.g. from a timer when the stream
    /// is quiet. Costs O(passivated + 1).
    /// </summary>
    /// <returns>Entities passivated.</returns>
    public int PassivateIdle(long nowMs)
    {
        var idleBefore = nowMs - Model.PassivateIdleAfterMs;
        var passivated = 0;
        while (_oldest is { } oldest && oldest.LastEventMs < idleBefore)
        {
            Passivate(oldest);
            passivated++;
        }

        return passivated;
    }

    /// <summary>Completes and hands over every live entity (shutdown or drain). Call on the shard's thread or after it stopped.</summary>
    /// <returns>Entities passivated.</returns>
    public int PassivateAll()
    {
        var passivated = 0;
        while (_oldest is { } oldest)
        {
            Passivate(oldest);
            passivated++;
        }

        return passivated;
    }

    private void Passivate(SessionEntity entity)
    {
        Unlink(entity);
        _entities.Remove(entity.Key);
        entity.Complete();
        Passivated++;
        _observer?.OnPassivated(entity);
    }

    private void Append(SessionEntity entity)
    {
        entity.OlderTouched = _newest;
        entity.NewerTouched = null;
        if (_newest is null)
        {
            _oldest = entity;
        }
        else
        {
            _newest.NewerTouched = entity;
        }

        _newest = entity;
    }

    private void Unlink(SessionEntity entity)
    {
        if (entity.OlderTouched is null)
        {
            _oldest = entity.NewerTouched;
        }
        else
        {
            entity.OlderTouched.NewerTouched = entity.NewerTouched;
        }

        if (entity.NewerTouched is null)
        {
            _newest = entity.OlderTouched;
        }
        else
        {
            entity.NewerTouched.OlderTouched = entity.OlderTouched;
        }

        entity.OlderTouched = null;
        entity.NewerTouched = null;
    }
}
