using Confluent.Kafka;
using Phantom.Streams.Ingest;

namespace Phantom.Streams.Kafka;

/// <summary>
/// The ingest API's way out in node mode: <see cref="PublishAsync"/> completes once the broker acknowledged the record
/// (so a 200 means durable), while <see cref="Enqueue"/> is the bulk path (file loads) that only queues.
/// </summary>
public sealed class KafkaEventPublisher : IEventPublisher, IDisposable
{
    private readonly KafkaBatchProducer _producer;
    private readonly bool _ownsProducer;

    public KafkaEventPublisher(KafkaOptions options, KafkaBatchProducer? producer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ownsProducer = producer is null;
        _producer = producer ?? new KafkaBatchProducer(options, "phantom-ingest");
    }

    public KafkaBatchProducer Producer => _producer;

    public async ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        try
        {
            await _producer.ProduceAndWaitAsync(topic, key.IsEmpty ? null : key.ToArray(), value.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException e)
        {
            // IEventPublisher's way of saying "not taken": callers (the ingest API) answer 503 instead of failing.
            throw new InvalidOperationException($"Kafka did not take the record for '{topic}': {e.Error.Reason}", e);
        }
    }

    /// <summary>Queues a record without waiting for its delivery (batched); see <see cref="KafkaBatchProducer.Flush"/>.</summary>
    public void Enqueue(string topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) =>
        _producer.Produce(topic, key.IsEmpty ? null : key.ToArray(), value.ToArray());

    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        if (_ownsProducer)
        {
            _producer.Dispose();
        }
    }
}
