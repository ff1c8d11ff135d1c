using System.Buffers;
using System.Text.Json;
using Phantom.Streams.DeadLetters;
using Phantom.Streams.Flow;
using Phantom.Streams.Flow.Sources;

namespace Phantom.Streams.Kafka;

/// <summary>
/// Dead letters to <c>user-interactions.dead-letters</c> as CONTRACTS.md says:
/// <c>{"reason","offset","partition","payloadBase64"}</c>, keyed by the original key, i.e. the record's
/// <c>sessionId</c> when it has one (the events topic is keyed by it), else no key. Rejected records only, so one
/// lock per record is fine; produce is batched like every other.
/// </summary>
public sealed class KafkaDeadLetterSink : IDeadLetterSink, IDisposable
{
    private readonly KafkaBatchProducer _producer;
    private readonly bool _ownsProducer;
    private readonly string _topic;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private long _written;

    public KafkaDeadLetterSink(KafkaOptions options, KafkaBatchProducer? producer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ownsProducer = producer is null;
        _producer = producer ?? new KafkaBatchProducer(options, "phantom-dead-letters");
        _topic = options.DeadLetterTopic;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Dead letters handed to the producer.</summary>
    public long Written => Interlocked.Read(ref _written);

    public void Write(int partition, long offset, RejectReason reason, ReadOnlySpan<byte> payload)
    {
        var key = SessionIdScanner.TryFind(payload, out var sessionId) && !sessionId.IsEmpty ? sessionId.ToArray() : null;
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            _json.Reset();
            DeadLetterJson.Write(_json, partition, offset, reason, payload);
            _producer.Produce(_topic, key, _buffer.WrittenSpan.ToArray());
        }

        Interlocked.Increment(ref _written);
    }

    public bool Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        lock (_gate)
        {
            _json.Dispose();
        }

        if (_ownsProducer)
        {
            _producer.Dispose();
        }
    }
}
