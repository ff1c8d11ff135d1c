using System.Globalization;
using Phantom.Streams.Catalog;
using Phantom.Streams.Pricing;
using StackExchange.Redis;

namespace Phantom.Streams.Redis;

/// <summary>
/// The Redis <see cref="IPriceStore"/> of CONTRACTS.md: <c>session:{id}:prices</c> hashes (productId to a decimal
/// string, TTL refreshed on write), <c>prices:latest</c>, <c>model:meta:{name}</c> and one message per price change
/// on the <c>prices</c> channel.
/// <para>
/// Writes are pipelined: a shard's batch (split at <see cref="RedisOptions.BatchSize"/>) goes out as one
/// StackExchange.Redis batch, every command fire-and-forget except the last, whose reply (Redis answers in order)
/// says the whole batch was applied; the shard waits for it at most <see cref="RedisOptions.WriteTimeout"/>. So a
/// batch costs one round trip, never one per event.
/// </para>
/// <para>
/// Redis down: a write fails fast (no round trip is attempted while the multiplexer is disconnected) and is counted
/// in <see cref="Counters"/>; it never throws into the shard. The stage does not backpressure on Redis: prices are
/// derived data (recomputable from the journal), and the node keeps serving from its in-memory store
/// (<see cref="TieredPriceStore"/>), so stalling the pipeline for a cache would stop pricing for everyone. What
/// Redis missed is counted (<c>phantom_redis_failed_updates_total</c>) and <c>/health</c> reports the store
/// degraded, so nothing is lost silently. Reads fall through (<see cref="RedisReadStatus.Unavailable"/>).
/// </para>
/// <para>
/// Per update the Redis client needs a key string and a message array (it holds them until sent); this is the one
/// place on the price path that allocates per event, and it is bounded by the I/O it feeds. The message is written
/// through a reused per-thread JSON writer (<see cref="PriceMessageWriter"/>). Coalescing a chunk into one HSET per
/// session was tried and measured no cheaper (sessions rarely repeat within one shard's chunk), so it is not done.
/// </para>
/// </summary>
public sealed class RedisPriceStore : IPriceStore
{
    [ThreadStatic]
    private static HashSet<string>? t_sessions;

    [ThreadStatic]
    private static PriceMessageWriter? t_messages;

    private readonly IConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly ProductCatalog _catalog;
    private readonly RedisOptions _options;
    private readonly RedisChannel _channel;
    private readonly int _writeTimeoutMs;
    private IReadOnlyList<GlobalPriceRecord> _global = [];
    private string _modelVersion = "builtin";
    private string? _lastError;
    private long _batches;
    private long _updates;
    private long _published;
    private long _failedBatches;
    private long _failedUpdates;
    private long _globalWrites;
    private long _failedGlobalWrites;
    private long _readFailures;

    /// <param name="connection">Shared with the node's other Redis users; not disposed by the store.</param>
    /// <param name="catalog">Resolves product indices to the ids the hashes and messages carry.</param>
    public RedisPriceStore(IConnectionMultiplexer connection, RedisOptions options, ProductCatalog catalog)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        Validate(options);
        _database = connection.GetDatabase(0);
        _channel = new RedisChannel(options.Channel, RedisChannel.PatternMode.Literal);
        _writeTimeoutMs = (int)Math.Max(1, options.WriteTimeout.TotalMilliseconds);
    }

    public RedisOptions Options => _options;

    /// <summary>Whether Redis is reachable now.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>The <c>modelVersion</c> stamped on published messages; the model registry sets it on reload.</summary>
    public string ModelVersion
    {
        get => Volatile.Read(ref _modelVersion);
        set => Volatile.Write(ref _modelVersion, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public RedisStoreCounters Counters => new(
        IsConnected,
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _updates),
        Interlocked.Read(ref _published),
        Interlocked.Read(ref _failedBatches),
        Interlocked.Read(ref _failedUpdates),
        Interlocked.Read(ref _globalWrites),
        Interlocked.Read(ref _failedGlobalWrites),
        Interlocked.Read(ref _readFailures),
        Volatile.Read(ref _lastError));

    /// <summary>The decimal string a hash holds for a price (invariant culture, 2 to 4 decimals).</summary>
    public static string FormatPrice(double price) => price.ToString("0.00##", CultureInfo.InvariantCulture);

    public void Write(ReadOnlySpan<PriceUpdate> batch)
    {
        var size = _options.BatchSize;
        for (var start = 0; start < batch.Length; start += size)
        {
            WriteChunk(batch.Slice(start, Math.Min(size, batch.Length - start)));
        }
    }

    public void WriteGlobal(IReadOnlyList<GlobalPriceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Volatile.Write(ref _global, records);
        if (SetString(RedisKeys.LatestPrices, PriceMessageJson.LatestToBytes(records)))
        {
            Interlocked.Increment(ref _globalWrites);
        }
    }

    /// <summary>Stores a model's metadata JSON under <c>model:meta:{name}</c>; false (counted) when Redis did not take it.</summary>
    public bool WriteModelMeta(string name, string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(json);
        return SetString(RedisKeys.ModelMeta(name), System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>The latest global prices this store wrote (this node's; empty before the first global step).</summary>
    public IReadOnlyList<GlobalPriceRecord> LatestGlobalPrices() => Volatile.Read(ref _global);

    /// <summary>Redis is keyed by session id, not by its hash: a lookup by key always misses here.</summary>
    public bool TryGetSessionPrice(ulong sessionKey, int productIndex, out PriceUpdate price)
    {
        price = default;
        return false;
    }

    /// <summary>A blocking read of the session's hash (bounded by <see cref="RedisOptions.ReadTimeout"/>).</summary>
    public bool TryGetSessionPrice(string sessionId, int productIndex, out PriceUpdate price)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        price = default;
        if ((uint)productIndex >= (uint)_catalog.Count)
        {
            return false;
        }

        var product = _catalog[productIndex];
        var read = ReadSessionPriceAsync(sessionId, product.Id).AsTask().GetAwaiter().GetResult();
        if (read.Status != RedisReadStatus.Found)
        {
            return false;
        }

        price = new PriceUpdate(
            Events.Utf8Hash.Of(sessionId), sessionId, productIndex, read.Price, product.BasePrice, double.NaN, double.NaN,
            byte.MaxValue, false, 0);
        return true;
    }

    /// <summary>
    /// The session's price for a product from its hash; <see cref="RedisReadStatus.Unavailable"/> (counted) when
    /// Redis is down or slower than <see cref="RedisOptions.ReadTimeout"/>. Never throws for Redis trouble.
    /// </summary>
    public async ValueTask<RedisPriceRead> ReadSessionPriceAsync(string sessionId, string productId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(productId);
        if (!_connection.IsConnected)
        {
            return ReadFailed("disconnected");
        }

        try
        {
            var value = await _database.HashGetAsync(RedisKeys.SessionPrices(sessionId), productId)
                .WaitAsync(_options.ReadTimeout, cancellationToken).ConfigureAwait(false);
            if (value.IsNull)
            {
                return RedisPriceRead.Missing;
            }

            return double.TryParse((string?)value, NumberStyles.Float, CultureInfo.InvariantCulture, out var price) && double.IsFinite(price)
                ? new RedisPriceRead(RedisReadStatus.Found, price)
                : RedisPriceRead.Missing;
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            return ReadFailed(error.Message);
        }
    }

    /// <summary>The raw <c>prices:latest</c> JSON in Redis (any node's last write), or null if absent or unavailable.</summary>
    public async ValueTask<string?> ReadLatestJsonAsync(CancellationToken cancellationToken = default)
    {
        if (!_connection.IsConnected)
        {
            ReadFailed("disconnected");
            return null;
        }

        try
        {
            var value = await _database.StringGetAsync(RedisKeys.LatestPrices)
                .WaitAsync(_options.ReadTimeout, cancellationToken).ConfigureAwait(false);
            return value.IsNull ? null : (string?)value;
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            ReadFailed(error.Message);
            return null;
        }
    }

    private void WriteChunk(ReadOnlySpan<PriceUpdate> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        if (!_connection.IsConnected)
        {
            // Fail fast: queueing into a disconnected multiplexer would only time out later, shard by shard.
            WriteFailed(chunk.Length, "disconnected");
            return;
        }

        var sessions = t_sessions ??= new HashSet<string>(StringComparer.Ordinal);
        var messages = t_messages ??= new PriceMessageWriter();
        sessions.Clear();
        var batch = _database.CreateBatch();
        var modelVersion = ModelVersion;
        var publish = _options.Publish;
        var published = 0;
        foreach (ref readonly var update in chunk)
        {
            var productId = PriceMessageJson.ProductIdOf(_catalog, update.ProductIndex);
            if (productId is not null)
            {
                batch.HashSetAsync(RedisKeys.SessionPrices(update.SessionId), productId, FormatPrice(update.Price), When.Always, CommandFlags.FireAndForget);
                sessions.Add(update.SessionId);
            }

            if (publish)
            {
                batch.PublishAsync(_channel, messages.ToBytes(update, productId, modelVersion), CommandFlags.FireAndForget);
                published++;
            }
        }

        // One TTL refresh per session per batch; the last command is awaited and vouches for the ones before it.
        Task? last = null;
        var remaining = sessions.Count;
        foreach (var session in sessions)
        {
            var flags = --remaining == 0 ? CommandFlags.None : CommandFlags.FireAndForget;
            var task = batch.KeyExpireAsync(RedisKeys.SessionPrices(session), _options.SessionTtl, flags);
            if (flags == CommandFlags.None)
            {
                last = task;
            }
        }

        last ??= batch.PingAsync();
        sessions.Clear();
        try
        {
            batch.Execute();
            if (!last.Wait(_writeTimeoutMs))
            {
                WriteFailed(chunk.Length, $"no reply within {_options.WriteTimeout.TotalMilliseconds:0} ms");
                return;
            }
        }
        catch (Exception error) when (error is RedisException or TimeoutException or AggregateException)
        {
            WriteFailed(chunk.Length, (error as AggregateException)?.InnerException?.Message ?? error.Message);
            return;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _updates, chunk.Length);
        Interlocked.Add(ref _published, published);
    }

    private bool SetString(string key, byte[] value)
    {
        if (!_connection.IsConnected)
        {
            GlobalFailed("disconnected");
            return false;
        }

        try
        {
            if (_database.StringSetAsync(key, value).Wait(_writeTimeoutMs))
            {
                return true;
            }

            GlobalFailed($"no reply within {_options.WriteTimeout.TotalMilliseconds:0} ms");
        }
        catch (Exception error) when (error is RedisException or TimeoutException or AggregateException)
        {
            GlobalFailed((error as AggregateException)?.InnerException?.Message ?? error.Message);
        }

        return false;
    }

    private void WriteFailed(int updates, string reason)
    {
        Interlocked.Increment(ref _failedBatches);
        Interlocked.Add(ref _failedUpdates, updates);
        Volatile.Write(ref _lastError, reason);
    }

    private void GlobalFailed(string reason)
    {
        Interlocked.Increment(ref _failedGlobalWrites);
        Volatile.Write(ref _lastError, reason);
    }

    private RedisPriceRead ReadFailed(string reason)
    {
        Interlocked.Increment(ref _readFailures);
        Volatile.Write(ref _lastError, reason);
        return RedisPriceRead.Unavailable;
    }

    private static void Validate(RedisOptions options)
    {
        if (options.BatchSize <= 0)
        {
            throw new Configuration.ConfigurationException($"phantom.redis.batch-size = {options.BatchSize} is out of range: must be > 0");
        }

        foreach (var (value, key) in new[] { (options.SessionTtl, "session-ttl"), (options.WriteTimeout, "write-timeout"), (options.ReadTimeout, "read-timeout"), (options.ConnectTimeout, "connect-timeout") })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new Configuration.ConfigurationException($"phantom.redis.{key} = {value} is out of range: must be a positive duration");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Channel))
        {
            throw new Configuration.ConfigurationException("phantom.redis.channel is empty: name the pub/sub channel for price changes");
        }
    }
}
