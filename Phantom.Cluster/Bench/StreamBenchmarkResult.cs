namespace Phantom.Cluster.Bench;

/// <summary>What <c>phantom bench stream</c> measured (written as JSON with snake_case names).</summary>
public sealed record StreamBenchmarkResult
{
    public required int Events { get; init; }

    public required double MeanEventBytes { get; init; }

    /// <summary>Shards of the pipeline, and threads of the parse-only pass.</summary>
    public required int Partitions { get; init; }

    public required int Rounds { get; init; }

    /// <summary>Median over rounds: bytes to event structs on <see cref="Partitions"/> threads, no session work.</summary>
    public required double ParseOnlyEps { get; init; }

    /// <summary>
    /// Median over rounds: the full graph on the same bytes, source to price store, drained, shard-owned — each of the
    /// <see cref="Partitions"/> shard threads pulls its own partition of the input (pre-split by session key with the
    /// router's function, untimed), so it runs on as many threads as the parse-only pass.
    /// </summary>
    public required double PipelineEps { get; init; }

    /// <summary><see cref="PipelineEps"/> / <see cref="ParseOnlyEps"/>: the same number of threads on both sides.</summary>
    public required double Ratio { get; init; }

    /// <summary>
    /// Median over rounds: the full graph routed — one source thread scans and routes every record through the
    /// writer's bounded queues to the shards (P + 1 threads on the same cores).
    /// </summary>
    public required double RoutedPipelineEps { get; init; }

    /// <summary><see cref="RoutedPipelineEps"/> / <see cref="ParseOnlyEps"/>.</summary>
    public required double RoutedRatio { get; init; }

    public required double RoutedLatencyP50Ms { get; init; }

    /// <summary>Event-to-price latency p99 of the median routed round (from the writer's enqueue stamp).</summary>
    public required double RoutedLatencyP99Ms { get; init; }

    public required double[] RoutedPipelineRoundsEps { get; init; }

    /// <summary>As <see cref="PipelineCpuNsPerEvent"/>, for the routed pipeline (source thread included).</summary>
    public required double RoutedPipelineCpuNsPerEvent { get; init; }

    /// <summary>As <see cref="PipelineGcPauseMs"/>, for the routed pipeline.</summary>
    public required double RoutedPipelineGcPauseMs { get; init; }

    public required double LatencyP50Ms { get; init; }

    /// <summary>
    /// Event-to-price latency p99 of the median shard-owned round, at the full rate: from the pull stamp (the clock
    /// read when the shard took the record's batch from its partition) to the end of the batch's EndBatch.
    /// </summary>
    public required double LatencyP99Ms { get; init; }

    /// <summary>Managed heap growth per live session with <see cref="LiveSessions"/> sessions in one table.</summary>
    public required double BytesPerSession { get; init; }

    public required int LiveSessions { get; init; }

    public required double[] ParseOnlyRoundsEps { get; init; }

    public required double[] PipelineRoundsEps { get; init; }

    public required long Seed { get; init; }

    /// <summary>
    /// Median over rounds of the process's CPU time (all threads, GC included) per event in the parse-only pass: less
    /// sensitive to other load on the machine than the wall-clock rates.
    /// </summary>
    public required double ParseOnlyCpuNsPerEvent { get; init; }

    /// <summary>As <see cref="ParseOnlyCpuNsPerEvent"/>, for the shard-owned pipeline (pull and every stage).</summary>
    public required double PipelineCpuNsPerEvent { get; init; }

    /// <summary><see cref="ParseOnlyCpuNsPerEvent"/> / <see cref="PipelineCpuNsPerEvent"/>: the ratio in CPU rather than wall time.</summary>
    public required double CpuRatio { get; init; }

    /// <summary>Median over rounds: time the pipeline's threads stood still for garbage collections, in milliseconds.</summary>
    public required double PipelineGcPauseMs { get; init; }

    /// <summary>The machine's 1-minute load average at the end of the run (null where the OS has none).</summary>
    public double? LoadAverage { get; init; }
}
