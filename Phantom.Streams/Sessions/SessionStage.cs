using Phantom.Streams.Flow;

namespace Phantom.Streams.Sessions;

/// <summary>
/// The <c>session</c> stage: finds or creates the event's session in the shard's <see cref="SessionTable"/>, applies
/// the event and sets <see cref="EventContext.Session"/>. Since f(τ) and the detector are read from the entity's
/// incremental state, no separate <c>agent</c> stage exists.
/// </summary>
public sealed class SessionStage : IFlowStage
{
    public const string StageName = "session";

    public SessionStage(SessionTable table) => Table = table ?? throw new ArgumentNullException(nameof(table));

    public string Name => StageName;

    /// <summary>This shard's sessions.</summary>
    public SessionTable Table { get; }

    /// <summary>
    /// The registry factory. Needs <see cref="SessionModel"/> in the services; uses an <see cref="ISessionObserver"/>
    /// and a <see cref="SessionTableDirectory"/> when registered.
    /// </summary>
    public static IFlowStage Create(ShardContext shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        shard.Services.TryGet<ISessionObserver>(out var observer);
        var recovery = shard.Services.TryGet<ISessionRecoveryProvider>(out var provider) ? provider.ForShard(shard) : null;
        var table = new SessionTable(shard.Services.Get<SessionModel>(), observer, recovery);
        if (shard.Services.TryGet<SessionTableDirectory>(out var directory))
        {
            directory.Register(shard.Shard, table);
        }

        return new SessionStage(table);
    }

    /// <summary>Events ahead whose table slot is prefetched; half as far ahead, the entity's state is.</summary>
    internal const int LookAhead = 8;

    private RecordBatch? _batch;

    public void BeginBatch(RecordBatch batch)
    {
        _batch = batch;

        // Prime the look-ahead: the first events' slots now, their states as Process moves along.
        var count = Math.Min(batch.Count, LookAhead);
        for (var i = 0; i < count; i++)
        {
            Table.Prefetch(batch.Key(i), stage: 0);
        }

        for (var i = 0; i < Math.Min(count, LookAhead / 2); i++)
        {
            Table.Prefetch(batch.Key(i), stage: 1);
        }
    }

    public void EndBatch() => _batch = null;

    public void Process(ref EventContext context)
    {
        // Cache misses on the table and the entities dominate this stage at hundreds of thousands of sessions: start
        // the loads for the events a few places ahead so they overlap with this one's work. The source's routing key
        // is the session key the parser computes, so the hint is for the right session.
        if (_batch is { } batch)
        {
            var ahead = context.BatchIndex + LookAhead;
            if (ahead < batch.Count)
            {
                Table.Prefetch(batch.Key(ahead), stage: 0);
            }

            ahead = context.BatchIndex + (LookAhead / 2);
            if (ahead < batch.Count)
            {
                Table.Prefetch(batch.Key(ahead), stage: 1);
            }
        }

        // The parse stage marks admin pages Done; the second test only guards against a graph without that rule.
        if (context.Stopped || context.Event.IsAdminPage)
        {
            return;
        }

        context.Session = Table.Apply(in context.Event, context.Record);
    }
}
