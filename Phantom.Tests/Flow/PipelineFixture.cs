using Phantom.Streams.Catalog;
using Phantom.Streams.Configuration;
using Phantom.Streams.Flow;

namespace Phantom.Tests.Flow;

/// <summary>Assembles a pipeline for a test: options, a dead-letter sink, a registry.</summary>
internal sealed class PipelineFixture
{
    public PipelineFixture(int partitions, params string[] stages)
    {
        Options = new PipelineOptions
        {
            Partitions = partitions,
            BatchSize = 32,
            QueueCapacity = 4,
            Stages = [.. stages],
            DrainTimeout = TimeSpan.FromSeconds(30),
            LatencySampleEvery = 4,
        };
        Services = new PipelineServices(new PhantomOptions { Pipeline = Options }, new ProductCatalog(new CatalogOptions()), DeadLetters);
    }

    public PipelineOptions Options { get; }

    public CollectingDeadLetterSink DeadLetters { get; } = new();

    public PipelineServices Services { get; }

    public StageRegistry Registry { get; } = new();

    public PartitionedPipeline Build() => new(Registry, Services);

    /// <summary>Records through the stages (completed or dead-lettered).</summary>
    public static long Done(PartitionedPipeline pipeline)
    {
        var metrics = pipeline.GetMetrics();
        return metrics.Completed + metrics.Rejected;
    }

    /// <summary>Waits (bounded) until the pipeline has run <paramref name="count"/> records through its stages.</summary>
    public static async Task WaitForProcessedAsync(PartitionedPipeline pipeline, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Done(pipeline) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Done(pipeline)} of {count} processed in 30 s");
            await Task.Delay(5);
        }
    }
}
