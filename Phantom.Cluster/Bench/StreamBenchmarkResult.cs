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

    /// <summary>Median over rounds: the full graph on the same bytes, source to price store, drained.</summary>
    public required double PipelineEps { get; init; }

    /// <summary><see cref="PipelineEps"/> / <see cref="ParseOnlyEps"/>.</summary>
    public required double Ratio { get; init; }

    public required double LatencyP50Ms { get; init; }

    /// <summary>Event-to-price latency p99 of the median pipeline round, at the full rate.</summary>
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

    /// <summary>As <see cref="ParseOnlyCpuNsPerEvent"/>, for the full pipeline (source, hand-off and every stage).</summary>
    public required double PipelineCpuNsPerEvent { get; init; }

    /// <summary><see cref="ParseOnlyCpuNsPerEvent"/> / <see cref="PipelineCpuNsPerEvent"/>: the ratio in CPU rather than wall time.</summary>
    public required double CpuRatio { get; init; }

    /// <summary>Median over rounds: time the pipeline's threads stood still for garbage collections, in milliseconds.</summary>
    public required double PipelineGcPauseMs { get; init; }

    /// <summary>The machine's 1-minute load average at the end of the run (null where the OS has none).</summary>
    public double? LoadAverage { get; init; }
}
