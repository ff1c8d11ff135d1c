namespace Phantom.Streams.Redis;

/// <summary>A snapshot of a <see cref="RedisPriceStore"/>'s counters (for <c>/health</c> and <c>/metrics</c>).</summary>
/// <param name="Connected">Whether the multiplexer has a live connection now.</param>
/// <param name="Batches">Pipelined batches that completed their round trip.</param>
/// <param name="Updates">Session price updates those batches carried.</param>
/// <param name="Published">Messages sent on the prices channel.</param>
/// <param name="FailedBatches">Batches that failed fast (disconnected), timed out or errored.</param>
/// <param name="FailedUpdates">Updates those batches carried: not in Redis (they stay in the node's memory store).</param>
/// <param name="GlobalWrites">Successful <c>prices:latest</c> writes.</param>
/// <param name="FailedGlobalWrites">Failed <c>prices:latest</c> and <c>model:meta</c> writes.</param>
/// <param name="ReadFailures">Pricing reads that found Redis unavailable.</param>
/// <param name="LastError">The last failure's message, or null.</param>
public sealed record RedisStoreCounters(
    bool Connected,
    long Batches,
    long Updates,
    long Published,
    long FailedBatches,
    long FailedUpdates,
    long GlobalWrites,
    long FailedGlobalWrites,
    long ReadFailures,
    string? LastError);
