namespace Phantom.Streams.Metrics;

/// <summary>One stage summed over every shard.</summary>
/// <param name="Name">The stage's registry name.</param>
/// <param name="In">Events that entered it.</param>
/// <param name="Stopped">Events it stopped (rejected, consumed, or threw on).</param>
/// <param name="Failures">Exceptions it threw (Process and EndBatch).</param>
/// <param name="Sampled">Events timed (one in <c>LatencySampleEvery</c>).</param>
/// <param name="P50Ms">Median time in the stage, milliseconds.</param>
/// <param name="P99Ms">99th percentile time in the stage, milliseconds.</param>
public sealed record StageMetrics(string Name, long In, long Stopped, long Failures, long Sampled, double P50Ms, double P99Ms);
