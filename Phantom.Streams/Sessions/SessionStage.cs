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

    public void Process(ref EventContext context)
    {
        // The parse stage marks admin pages Done; the second test only guards against a graph without that rule.
        if (context.Stopped || context.Event.IsAdminPage)
        {
            return;
        }

        context.Session = Table.Apply(in context.Event, context.Record);
    }
}
