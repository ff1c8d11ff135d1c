using Phantom.Streams.Configuration;
using Phantom.Streams.Kafka;
using Phantom.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Phantom.Tests.Kafka;

/// <summary>The Kafka benchmark runs end to end on a small input (numbers are reported, never asserted).</summary>
[Collection(KafkaMockClusterCollection.Name)]
public sealed class KafkaBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_SmallInput_MeasuresBothPathsOverTheSameRecords()
    {
        var result = await KafkaBenchmark.RunAsync(new PhantomOptions(), events: 20_000, partitions: 4, pricesToKafka: true, progress: output.WriteLine);

        output.WriteLine($"plain {result.PlainEventsPerSecond:N0}/s, pipeline {result.PipelineEventsPerSecond:N0}/s, ratio {result.Ratio:0.00}");
        Assert.Equal(20_000, result.Events);
        Assert.Equal(0, result.Rejected);
        Assert.True(result.Bytes > 20_000 * 50);
        Assert.True(result.PricesWritten > 0);
        Assert.True(result.PlainConsumeSeconds > 0 && result.PipelineSeconds > 0);
        Assert.False(string.IsNullOrEmpty(result.LibrdkafkaVersion));
    }

    [Fact]
    public async Task RunAsync_WithWarmup_MeasuresTheMainRecordsAndReportsCpu()
    {
        var result = await KafkaBenchmark.RunAsync(new PhantomOptions(), events: 5_000, partitions: 2, progress: output.WriteLine, warmupEvents: 2_000);

        output.WriteLine($"pipeline {result.PipelineEventsPerSecond:N0}/s, {result.PipelineCpuNanosPerEvent:N0} ns CPU/event");
        Assert.Equal(5_000, result.Events);
        Assert.Equal(2_000, result.WarmupEvents);
        Assert.Equal(0, result.Rejected);
        Assert.True(result.PlainCpuSeconds > 0 && result.PipelineCpuSeconds > 0);
        Assert.True(double.IsFinite(result.PipelineCpuNanosPerEvent));
    }
}
