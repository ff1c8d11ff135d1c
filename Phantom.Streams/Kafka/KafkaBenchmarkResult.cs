namespace Phantom.Streams.Kafka;

/// <summary>What <see cref="KafkaBenchmark"/> measured: a plain consume of the topic and the KafkaSource→pipeline path over the same records.</summary>
public sealed record KafkaBenchmarkResult(
    int Events,
    int Partitions,
    long Bytes,
    double ProduceSeconds,
    double PlainConsumeSeconds,
    double PipelineSeconds,
    long PricesWritten,
    long Rejected,
    string LibrdkafkaVersion,
    double PlainCpuSeconds = double.NaN,
    double PipelineCpuSeconds = double.NaN,
    int WarmupEvents = 0)
{
    public double PlainEventsPerSecond => Events / PlainConsumeSeconds;

    public double PipelineEventsPerSecond => Events / PipelineSeconds;

    /// <summary>Pipeline throughput as a share of plain consume (the issue asks for at least 0.4).</summary>
    public double Ratio => PipelineEventsPerSecond / PlainEventsPerSecond;

    /// <summary>
    /// Process CPU time (all threads: consumer, librdkafka, shards, journal writer, Redis client) per event during the
    /// plain consume: on a shared 2-core machine a steadier figure than the wall clock.
    /// </summary>
    public double PlainCpuNanosPerEvent => PlainCpuSeconds * 1e9 / Events;

    /// <summary>Process CPU time per event during the pipeline run (redis-server's own CPU not included).</summary>
    public double PipelineCpuNanosPerEvent => PipelineCpuSeconds * 1e9 / Events;
}
