namespace Phantom.Tests.Infrastructure;

/// <summary>
/// Tests that run real servers (redis-server, Kestrel, nodes) share this collection, which xunit runs on its own
/// after the parallel ones: their sockets, buffers and background threads would otherwise disturb the
/// process-wide memory and timing measurements of other tests running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisServerCollection
{
    public const string Name = "real servers";
}
