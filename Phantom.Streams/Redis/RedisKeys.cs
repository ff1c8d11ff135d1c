namespace Phantom.Streams.Redis;

/// <summary>The Redis key names of CONTRACTS.md "Redis (db 0)", spelled in one place.</summary>
public static class RedisKeys
{
    /// <summary>The JSON records of the latest global prices.</summary>
    public const string LatestPrices = "prices:latest";

    /// <summary>The hash of a session's prices, productId to decimal string.</summary>
    public static string SessionPrices(string sessionId) => string.Concat("session:", sessionId, ":prices");

    /// <summary>A model's JSON metadata.</summary>
    public static string ModelMeta(string name) => string.Concat("model:meta:", name);
}
