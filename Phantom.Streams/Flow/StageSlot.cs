using Phantom.Streams.Metrics;

namespace Phantom.Streams.Flow;

/// <summary>
/// One stage instance in one shard's graph with its counters. Only the shard's worker writes the counters (plain
/// fields, no interlocked cost); metrics readers sum them across shards. A slot survives graph swaps for as long as
/// its stage stays in the graph, so counters are not reset by attaching or detaching another stage.
/// </summary>
internal sealed class StageSlot(string name, IFlowStage stage)
{
    public readonly string Name = name;
    public readonly IFlowStage Stage = stage;
    public readonly LatencyHistogram Latency = new();
    public long In;
    public long Stopped;
    public long Failures;
}
