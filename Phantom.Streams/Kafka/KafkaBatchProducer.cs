using Confluent.Kafka;

namespace Phantom.Streams.Kafka;

/// <summary>
/// One librdkafka producer shared by Phantom's Kafka writers: records are queued without waiting (librdkafka batches
/// them by <see cref="KafkaOptions.Linger"/> and <see cref="KafkaOptions.ProduceBatchSize"/>), deliveries are
/// counted, and a full local queue makes the caller wait for room (backpressure) instead of failing. Thread-safe.
/// </summary>
public sealed class KafkaBatchProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly Action<DeliveryReport<byte[]?, byte[]>> _onDelivery;
    private long _queued;
    private long _delivered;
    private long _failed;
    private string? _lastError;

    public KafkaBatchProducer(KafkaOptions options, string clientId = "phantom")
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _producer = new ProducerBuilder<byte[]?, byte[]>(KafkaClients.Producer(options, clientId)).Build();
        _onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
                Volatile.Write(ref _lastError, report.Error.Reason);
            }
            else
            {
                Interlocked.Increment(ref _delivered);
            }
        };
    }

    public KafkaOptions Options { get; }

    /// <summary>Records handed to librdkafka.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Records the broker acknowledged.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Records that could not be delivered (after librdkafka's retries).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The last delivery error's text, null if none.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Queues one record (the arrays are kept by librdkafka's wrapper: do not reuse them); waits while the local queue is full.</summary>
    public void Produce(string topic, byte[]? key, byte[] value, int? partition = null)
    {
        var message = new Message<byte[]?, byte[]> { Key = key, Value = value };
        while (true)
        {
            try
            {
                if (partition is { } p)
                {
                    _producer.Produce(new TopicPartition(topic, new Partition(p)), message, _onDelivery);
                }
                else
                {
                    _producer.Produce(topic, message, _onDelivery);
                }

                Interlocked.Increment(ref _queued);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Backpressure: serve delivery reports until librdkafka's queue has room again.
                _producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>Produces one record and completes when the broker has acknowledged it.</summary>
    public async Task<long> ProduceAndWaitAsync(string topic, byte[]? key, byte[] value, CancellationToken cancellationToken)
    {
        var result = await _producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Key = key, Value = value }, cancellationToken)
            .ConfigureAwait(false);
        Interlocked.Increment(ref _queued);
        Interlocked.Increment(ref _delivered);
        return result.Offset.Value;
    }

    /// <summary>Waits until every queued record is delivered or failed, up to <paramref name="timeout"/>; true when none is left.</summary>
    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout) == 0;

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
