using Phantom.Streams.Flow;

namespace Phantom.Streams.Sessions;

/// <summary>Hands each shard's <see cref="SessionStage"/> its <see cref="ISessionRecovery"/> (a pipeline service).</summary>
public interface ISessionRecoveryProvider
{
    /// <summary>The recovery of <paramref name="shard"/>; called once per shard while the graph is built.</summary>
    ISessionRecovery ForShard(ShardContext shard);
}
