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
}
