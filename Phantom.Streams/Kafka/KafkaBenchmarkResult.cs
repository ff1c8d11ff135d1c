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
    string LibrdkafkaVersion)
{
    public double PlainEventsPerSecond => Events / PlainConsumeSeconds;

    public double PipelineEventsPerSecond => Events / PipelineSeconds;

    /// <summary>Pipeline throughput as a share of plain consume (the issue asks for at least 0.4).</summary>
    public double Ratio => PipelineEventsPerSecond / PlainEventsPerSecond;
}
