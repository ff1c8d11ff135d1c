using Phantom.Cluster.Node;
using Phantom.Streams.Sessions;

namespace Phantom.Tests.Ctl;

/// <summary>A session entity as its owner holds it: the node, the shard and the state the admin API should report.</summary>
public sealed record LiveSession(string SessionId, NodeHost Owner, int Shard, long Events, double[] Features, double AgentProbability, double Demand, Dictionary<string, double> ProductDemand)
{
    /// <summary>Copies what matters out of <paramref name="entity"/> (call on the shard's thread).</summary>
    public static LiveSession Of(NodeHost owner, int shard, SessionEntity entity)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(entity);
        var products = owner.Runtime.Catalog.All
            .Where(p => entity.ProductDemand(p.Index) != 0)
            .ToDictionary(p => p.Id, p => entity.ProductDemand(p.Index), StringComparer.Ordinal);
        return new LiveSession(entity.SessionId, owner, shard, entity.Sequence, entity.Snapshot().ToArray(), entity.AgentProbability, entity.Demand, products);
    }
}
