namespace Phantom.Cluster.Bench;

/// <summary>What <c>phantom bench cluster</c> measured (written as snake_case JSON; numbers go to docs/benchmarks.md).</summary>
/// <param name="Partitions">Partitions of the events topic (one shard each).</param>
/// <param name="Seed">The generator seed: every run sees the same records.</param>
/// <param name="ProcessorCount">Cores the machine shows; broker, journal server, nodes and the bench share them.</param>
/// <param name="Journal">The journal the nodes shared.</param>
/// <param name="Redis">Whether prices went to Redis too.</param>
/// <param name="OneNode">The throughput run on one node.</param>
/// <param name="Cluster">The same records on <see cref="ClusterThroughputResult.Nodes"/> nodes.</param>
/// <param name="Speedup">Cluster events/s over one node's.</param>
/// <param name="Handoff">The handoff run; null when skipped (<c>--handoff-seconds 0</c>).</param>
public sealed record ClusterBenchmarkResult(
    int Partitions,
    long Seed,
    int ProcessorCount,
    string Journal,
    bool Redis,
    ClusterThroughputResult OneNode,
    ClusterThroughputResult Cluster,
    double Speedup,
    ClusterHandoffResult? Handoff);
