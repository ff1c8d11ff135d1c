using System.Buffers;
using System.Text;
using System.Text.Json;
using Phantom.Streams.Catalog;
using Phantom.Streams.Pricing;

namespace Phantom.Streams.Kafka;

/// <summary>
/// An <see cref="IPriceStore"/> that also publishes every session price to the <c>prices</c> topic (key = session id,
/// value = <see cref="PriceRecordWriter"/>'s record). Produce is batched by librdkafka (linger, batch size): a shard's
/// batch costs one lock and one queued record per price, never a flush. Reads and global prices are served by the
/// wrapped store (the in-memory one by default), so the pricing API keeps its hot cache.
/// </summary>
public sealed class KafkaPriceSink : IPriceStore, IDisposable
{
    private readonly KafkaBatchProducer _producer;
    private readonly bool _ownsProducer;
    private readonly ProductCatalog _catalog;
    private readonly IPriceStore _inner;
    private readonly string _topic;
    private string _modelVersion;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;
    private long _written;

    /// <param name="producer">A shared producer, or null to create one from <paramref name="options"/>.</param>
    /// <param name="inner">The store reads and global prices go to; a new <see cref="InMemoryPriceStore"/> when null.</param>
    /// <param name="modelVersion">The <c>modelVersion</c> field: the serving model's version.</param>
    public KafkaPriceSink(KafkaOptions options, ProductCatalog catalog, KafkaBatchProducer? producer = null, IPriceStore? inner = null, string modelVersion = "builtin")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        _ownsProducer = producer is null;
        _producer = producer ?? new KafkaBatchProducer(options, "phantom-prices");
        _catalog = catalog;
        _inner = inner ?? new InMemoryPriceStore();
        _topic = options.PricesTopic;
        _modelVersion = modelVersion;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Prices handed to the producer.</summary>
    /// <summary>The <c>modelVersion</c> written into every price record; set when the served model changes.</summary>
    public string ModelVersion
    {
        get => Volatile.Read(ref _modelVersion);
        set => Volatile.Write(ref _modelVersion, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public long Written => Interlocked.Read(ref _written);

    public KafkaBatchProducer Producer => _producer;

    public void Write(ReadOnlySpan<PriceUpdate> batch)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        _inner.Write(batch);
        lock (_gate)
        {
            foreach (ref readonly var update in batch)
            {
                _buffer.ResetWrittenCount();
                _json.Reset();
                PriceMessageJson.Write(_json, update, PriceMessageJson.ProductIdOf(_catalog, update.ProductIndex), ModelVersion);
                _json.Flush();
                _producer.Produce(_topic, Encoding.UTF8.GetBytes(update.SessionId), _buffer.WrittenSpan.ToArray());
            }
        }

        Interlocked.Add(ref _written, batch.Length);
    }

    public void WriteGlobal(IReadOnlyList<GlobalPriceRecord> records) => _inner.WriteGlobal(records);

    public bool TryGetSessionPrice(ulong sessionKey, int productIndex, out PriceUpdate price) =>
        _inner.TryGetSessionPrice(sessionKey, productIndex, out price);

    public bool TryGetSessionPrice(string sessionId, int productIndex, out PriceUpdate price) =>
        _inner.TryGetSessionPrice(sessionId, productIndex, out price);

    public IReadOnlyList<GlobalPriceRecord> LatestGlobalPrices() => _inner.LatestGlobalPrices();

    /// <summary>Waits until every queued price is delivered; true when none is left.</summary>
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
