using System.Collections.Concurrent;
using System.Text.Json;
using Phantom.Streams.Catalog;
using Phantom.Streams.Events;
using Phantom.Streams.Pricing;
using Phantom.Streams.Redis;
using Phantom.Tests.Infrastructure;
using StackExchange.Redis;

namespace Phantom.Tests.Redis;

/// <summary>The Redis store's contract (CONTRACTS.md "Redis") against a real redis-server.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisPriceStoreTests : IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisServer _server;
    private readonly ConnectionMultiplexer _connection;
    private readonly ProductCatalog _catalog = new(new CatalogOptions());
    private readonly RedisOptions _options;
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];

    public RedisPriceStoreTests(RedisServer server)
    {
        _server = server;
        _server.Start();
        _options = new RedisOptions { Configuration = server.Configuration, Channel = "prices-" + _prefix };
        _connection = RedisConnector.Connect(_options);
    }

    public void Dispose() => _connection.Dispose();

    private IDatabase Db => _connection.GetDatabase(0);

    [Fact]
    public void Write_Batch_StoresOneHashPerSessionWithDecimalStrings()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        var a = Session("a");
        var b = Session("b");

        store.Write([Update(a, "hotel-deluxe-01", 142.5), Update(a, "hotel-junior-02", 180), Update(b, "airline-fl01-03", 99.125)]);

        Assert.Equal("142.50", (string?)Db.HashGet(RedisKeys.SessionPrices(a), "hotel-deluxe-01"));
        Assert.Equal("180.00", (string?)Db.HashGet(RedisKeys.SessionPrices(a), "hotel-junior-02"));
        Assert.Equal("99.125", (string?)Db.HashGet(RedisKeys.SessionPrices(b), "airline-fl01-03"));
        Assert.Equal(2, Db.HashLength(RedisKeys.SessionPrices(a)));
        Assert.Equal(1, store.Counters.Batches);
        Assert.Equal(3, store.Counters.Updates);
    }

    [Fact]
    public void Write_LaterUpdate_ReplacesEarlierPrice()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        var a = Session("a");

        store.Write([Update(a, "hotel-deluxe-01", 140), Update(a, "hotel-deluxe-01", 150)]);

        Assert.Equal("150.00", (string?)Db.HashGet(RedisKeys.SessionPrices(a), "hotel-deluxe-01"));
    }

    [Fact]
    public void Write_Batch_SetsTheConfiguredTtl()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        var a = Session("a");

        store.Write([Update(a, "hotel-deluxe-01", 140)]);

        var ttl = Db.KeyTimeToLive(RedisKeys.SessionPrices(a));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 1790, 1800);
    }

    [Fact]
    public void Write_ToExistingHash_RefreshesTtl()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        var a = Session("a");
        store.Write([Update(a, "hotel-deluxe-01", 140)]);
        Db.KeyExpire(RedisKeys.SessionPrices(a), TimeSpan.FromSeconds(30));

        store.Write([Update(a, "hotel-junior-01", 180)]);

        Assert.InRange(Db.KeyTimeToLive(RedisKeys.SessionPrices(a))!.Value.TotalSeconds, 1790, 1800);
    }

    [Fact]
    public void Write_MoreThanBatchSize_OneRoundTripPerBatchSize()
    {
        var options = new RedisOptions { Configuration = _server.Configuration, BatchSize = 10, Channel = _options.Channel };
        var store = new RedisPriceStore(_connection, options, _catalog);
        var updates = Enumerable.Range(0, 25).Select(i => Update(Session("s" + i), "hotel-deluxe-01", 100 + i)).ToArray();

        store.Write(updates);

        Assert.Equal(3, store.Counters.Batches);
        Assert.Equal(25, store.Counters.Updates);
        Assert.Equal("124.00", (string?)Db.HashGet(RedisKeys.SessionPrices(Session("s24")), "hotel-deluxe-01"));
    }

    [Fact]
    public void WriteGlobal_Records_StoresLatestWithContractFieldNames()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        GlobalPriceRecord[] records = [new(0, "hotel-presidential-01", 460, 450, 470, 1.2), new(1, "hotel-presidential-02", 450, 450, 450, 0)];

        store.WriteGlobal(records);

        using var document = JsonDocument.Parse((string)Db.StringGet(RedisKeys.LatestPrices)!);
        var first = document.RootElement[0];
        Assert.Equal(2, document.RootElement.GetArrayLength());
        Assert.Equal("hotel-presidential-01", first.GetProperty("productId").GetString());
        Assert.Equal(460, first.GetProperty("current_price").GetDouble());
        Assert.Equal(450, first.GetProperty("base_price").GetDouble());
        Assert.Equal(470, first.GetProperty("optimal_price").GetDouble());
        Assert.Equal(1.2, first.GetProperty("demand_score").GetDouble());
        Assert.Same(records, store.LatestGlobalPrices());
        Assert.Equal(1, store.Counters.GlobalWrites);
    }

    [Fact]
    public void WriteModelMeta_Json_StoredUnderModelMetaKey()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        var name = "policy-" + _prefix;

        Assert.True(store.WriteModelMeta(name, """{"name":"x","version":"3"}"""));

        Assert.Equal("""{"name":"x","version":"3"}""", (string?)Db.StringGet("model:meta:" + name));
    }

    [Fact]
    public async Task Write_Batch_PublishesOneMessagePerUpdateOnTheChannel()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog) { ModelVersion = "v7" };
        using var subscriber = RedisConnector.Connect(_options);
        var received = new ConcurrentQueue<string>();
        var two = new TaskCompletionSource();
        await subscriber.GetSubscriber().SubscribeAsync(_options.Channel, (_, message) =>
        {
            received.Enqueue((string)message!);
            if (received.Count == 2)
            {
                two.TrySetResult();
            }
        });
        var a = Session("a");

        store.Write([Update(a, "hotel-deluxe-01", 154, agentProbability: 0.75), Update(a, "hotel-deluxe-02", 140)]);
        await two.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, received.Count);
        using var document = JsonDocument.Parse(received.First(m => m.Contains("hotel-deluxe-01", StringComparison.Ordinal)));
        var root = document.RootElement;
        Assert.Equal(a, root.GetProperty("sessionId").GetString());
        Assert.Equal("hotel-deluxe-01", root.GetProperty("productId").GetString());
        Assert.Equal(154, root.GetProperty("price").GetDouble());
        Assert.Equal(140, root.GetProperty("basePrice").GetDouble());
        Assert.Equal(1.1, root.GetProperty("markup").GetDouble(), 9);
        Assert.Equal(0.75, root.GetProperty("agentProbability").GetDouble());
        Assert.Equal(2.5, root.GetProperty("demand").GetDouble());
        Assert.Equal("session-aware", root.GetProperty("policy").GetString());
        Assert.Equal("v7", root.GetProperty("modelVersion").GetString());
        Assert.Equal("2025-11-25T20:21:31.823Z", root.GetProperty("ts").GetString());
        Assert.Equal(2, store.Counters.Published);
    }

    [Fact]
    public async Task ReadSessionPriceAsync_WrittenPrice_Found()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        var a = Session("a");
        store.Write([Update(a, "hotel-deluxe-01", 151.25)]);

        var read = await store.ReadSessionPriceAsync(a, "hotel-deluxe-01");

        Assert.Equal(RedisReadStatus.Found, read.Status);
        Assert.Equal(151.25, read.Price);
        Assert.True(store.TryGetSessionPrice(a, _catalog.TryGet("hotel-deluxe-01", out var p) ? p.Index : -1, out var update));
        Assert.Equal(151.25, update.Price);
    }

    [Fact]
    public async Task ReadSessionPriceAsync_UnknownSessionOrProduct_Missing()
    {
        var store = new RedisPriceStore(_connection, _options, _catalog);
        var a = Session("a");
        store.Write([Update(a, "hotel-deluxe-01", 140)]);

        Assert.Equal(RedisReadStatus.Missing, (await store.ReadSessionPriceAsync(Session("nobody"), "hotel-deluxe-01")).Status);
        Assert.Equal(RedisReadStatus.Missing, (await store.ReadSessionPriceAsync(a, "hotel-deluxe-09")).Status);
        Assert.Equal(0, store.Counters.ReadFailures);
    }

    [Fact]
    public async Task Write_RedisDown_FailsFastCountsAndNeverThrows()
    {
        var options = new RedisOptions { Configuration = $"127.0.0.1:{RedisServer.FreePort()}", ConnectTimeout = TimeSpan.FromMilliseconds(200) };
        using var nowhere = RedisConnector.Connect(options);
        var store = new RedisPriceStore(nowhere, options, _catalog);

        store.Write([Update("x", "hotel-deluxe-01", 140), Update("y", "hotel-deluxe-01", 141)]);
        store.WriteGlobal([new GlobalPriceRecord(0, "hotel-presidential-01", 450, 450, 450, 0)]);
        var read = await store.ReadSessionPriceAsync("x", "hotel-deluxe-01");

        var counters = store.Counters;
        Assert.False(counters.Connected);
        Assert.Equal(1, counters.FailedBatches);
        Assert.Equal(2, counters.FailedUpdates);
        Assert.Equal(1, counters.FailedGlobalWrites);
        Assert.Equal(RedisReadStatus.Unavailable, read.Status);
        Assert.Equal(1, counters.ReadFailures);
        Assert.NotNull(counters.LastError);
    }

    [Fact]
    public void TieredWrite_RedisDown_HotStoreStillHoldsThePrice()
    {
        var options = new RedisOptions { Configuration = $"127.0.0.1:{RedisServer.FreePort()}", ConnectTimeout = TimeSpan.FromMilliseconds(200) };
        using var nowhere = RedisConnector.Connect(options);
        var tiered = new TieredPriceStore(new InMemoryPriceStore(), new RedisPriceStore(nowhere, options, _catalog));
        var product = _catalog.TryGet("hotel-deluxe-01", out var p) ? p.Index : -1;

        tiered.Write([Update("x", "hotel-deluxe-01", 147)]);

        Assert.True(tiered.TryGetSessionPrice("x", product, out var price));
        Assert.Equal(147, price.Price);
        Assert.Equal(1, tiered.Redis.Counters.FailedUpdates);
    }

    [Fact]
    public void Constructor_ZeroBatchSize_ConfigurationErrorNamesTheKey()
    {
        var error = Assert.Throws<Phantom.Streams.Configuration.ConfigurationException>(
            () => new RedisPriceStore(_connection, new RedisOptions { Configuration = _server.Configuration, BatchSize = 0 }, _catalog));

        Assert.Contains("phantom.redis.batch-size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_EmptyConfiguration_ConfigurationErrorNamesTheKey()
    {
        var error = Assert.Throws<Phantom.Streams.Configuration.ConfigurationException>(() => RedisConnector.Connect(new RedisOptions()));

        Assert.Contains("phantom.redis.configuration", error.Message, StringComparison.Ordinal);
    }

    private string Session(string name) => $"{_prefix}-{name}";

    private PriceUpdate Update(string session, string productId, double price, double agentProbability = 0.1)
    {
        Assert.True(_catalog.TryGet(productId, out var product), productId);
        return new PriceUpdate(Utf8Hash.Of(session), session, product.Index, price, product.BasePrice, agentProbability, 2.5,
            (byte)PolicyRegistry.Names.ToList().IndexOf(PolicyRegistry.SessionAware), false, 1764102091823);
    }
}
