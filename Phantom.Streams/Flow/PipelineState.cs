namespace Phantom.Streams.Flow;

/// <summary>Where a <see cref="PartitionedPipeline"/> is in its life.</summary>
public enum PipelineState
{
    Created,
    Running,
    Draining,
    Stopped,
    Aborted,
}
