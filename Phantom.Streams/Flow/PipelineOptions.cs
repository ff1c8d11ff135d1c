namespace Phantom.Streams.Flow;

/// <summary><c>phantom.pipeline</c>: the partitioned flow runtime.</summary>
public sealed class PipelineOptions
{
    /// <summary>Shards (single-writer workers); 0 means one per processor. A Kafka partition is a shard in node mode.</summary>
    public int Partitions { get; set; }

    /// <summary>Records per batch handed from the source to a shard.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Batches a shard's queue holds before the source waits (backpressure).</summary>
    public int QueueCapacity { get; set; } = 4;

    /// <summary>The stages of the graph, in order, by registry name.</summary>
    public List<string> Stages { get; set; } = ["parse", "session", "demand", "policy", "shield", "price-store"];

    /// <summary>How long a graceful stop waits for in-flight events before it gives up.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time one event in this many through each stage (timing every event would cost more than the stage).</summary>
    public int LatencySampleEvery { get; set; } = 64;

    public int ResolvedPartitions => Partitions > 0 ? Partitions : Environment.ProcessorCount;
}
