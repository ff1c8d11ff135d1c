namespace Phantom.Streams.Redis;

/// <summary>A session's price for one product as read from its <c>session:{id}:prices</c> hash.</summary>
/// <param name="Price">The stored price when <see cref="Status"/> is <see cref="RedisReadStatus.Found"/>; NaN otherwise.</param>
public readonly record struct RedisPriceRead(RedisReadStatus Status, double Price)
{
    public static RedisPriceRead Missing => new(RedisReadStatus.Missing, double.NaN);

    public static RedisPriceRead Unavailable => new(RedisReadStatus.Unavailable, double.NaN);
}
