namespace Phantom.Cluster.Demo;

/// <summary>
/// What a demo run reports at its end, on screen and (with <c>--json</c>) as JSON with snake_case names. Everything
/// except the timing fields (<see cref="EventsPerSecond"/>, <see cref="ElapsedSeconds"/>, the latencies) is a function
/// of the seed and the flags alone.
/// </summary>
public sealed record DemoSummary
{
    public required long Events { get; init; }

    /// <summary>Records rejected by the codec or a stage (dead-lettered).</summary>
    public required long Rejected { get; init; }

    /// <summary>Events on <c>/admin/</c> pages, which the model ignores.</summary>
    public required long Ignored { get; init; }

    public required long Sessions { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required double EventsPerSecond { get; init; }

    public required double LatencyP50Ms { get; init; }

    public required double LatencyP99Ms { get; init; }

    /// <summary>ROC-AUC of f(τ) (kernels alone) against the generator's ground truth; NaN without both classes.</summary>
    public required double AgentAuc { get; init; }

    /// <summary>ROC-AUC of the combined live detector against the same ground truth.</summary>
    public required double DetectorAuc { get; init; }

    /// <summary>Share of sessions the live detector scores above 0.5.</summary>
    public required double AgentShareDetected { get; init; }

    /// <summary>Share of sessions the generator made as agents (the realised α).</summary>
    public required double AgentShareTrue { get; init; }

    public required long PricedEvents { get; init; }

    public required double MeanPriceHuman { get; init; }

    public required double MeanPriceAgent { get; init; }

    public required double MeanMarkupHuman { get; init; }

    public required double MeanMarkupAgent { get; init; }

    /// <summary>COI = mean price shown − the price floor p̲ (PHANTOM-MODEL.md section 4).</summary>
    public required double CoiLevel { get; init; }

    public required long ShieldFallbacks { get; init; }

    public required string Policy { get; init; }

    public required double Alpha { get; init; }

    public required long Seed { get; init; }

    public required int Partitions { get; init; }

    public required string Input { get; init; }
}
