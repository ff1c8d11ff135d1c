namespace Phantom.Streams.Ingest;

/// <summary>
/// Publishes a record to a topic: the ingest API's way out. Kafka in node mode (<c>user-interactions</c>,
/// <c>price-logs</c>); an in-process implementation feeds the local pipeline in embedded mode. Implementations are
/// thread-safe and complete the task once the record is accepted (durably, where the transport can say so); a record
/// the transport does not take (stopping, broker unreachable past its delivery timeout) throws
/// <see cref="InvalidOperationException"/>, which the ingest API answers with 503.
/// </summary>
public interface IEventPublisher
{
    ValueTask PublishAsync(string topic, ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);
}
