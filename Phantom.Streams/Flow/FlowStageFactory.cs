namespace Phantom.Streams.Flow;

/// <summary>Creates the instance of a stage that one shard owns.</summary>
public delegate IFlowStage FlowStageFactory(ShardContext shard);
