namespace Phantom.Streams.Redis;

/// <summary>The outcome of a pricing read from Redis.</summary>
public enum RedisReadStatus : byte
{
    /// <summary>Redis answered with a value.</summary>
    Found,

    /// <summary>Redis answered: no such session or product.</summary>
    Missing,

    /// <summary>Redis did not answer (down, timed out, or failed); the caller falls through and says so.</summary>
    Unavailable,
}
