namespace Phantom.Streams.Redis;

/// <summary><c>phantom.redis</c>: the Redis price store (CONTRACTS.md "Redis"). Empty <see cref="Configuration"/> = no Redis.</summary>
public sealed class RedisOptions
{
    /// <summary>
    /// A StackExchange.Redis configuration string (<c>127.0.0.1:6379,password=…</c>); empty keeps prices in memory
    /// only (the embedded default).
    /// </summary>
    public string Configuration { get; set; } = "";

    /// <summary>Lifetime of a <c>session:{id}:prices</c> hash, refreshed on every write to it.</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromSeconds(1800);

    /// <summary>Most price updates sent in one pipelined round trip; a larger shard batch is split.</summary>
    public int BatchSize { get; set; } = 1024;

    /// <summary>How long a shard waits for a batch's round trip before counting it failed (it never blocks longer).</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a pricing read waits for Redis before falling through to the global or base price.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long start-up waits for the first connection; the store keeps reconnecting in the background after.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Publish one message per price change on the <c>prices</c> channel.</summary>
    public bool Publish { get; set; } = true;

    /// <summary>The pub/sub channel prices are published on.</summary>
    public string Channel { get; set; } = "prices";
}
