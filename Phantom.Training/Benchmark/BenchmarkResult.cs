namespace Phantom.Training.Benchmark;

/// <summary>Everything a benchmark produced: the rows, the best tier and where the files are.</summary>
public sealed record BenchmarkResult(
    IReadOnlyList<BenchmarkRun> Runs,
    IReadOnlyList<BenchmarkSummaryRow> Summary,
    string BestTier,
    IReadOnlyList<string> Files)
{
    /// <summary>The machine-readable last line: <c>BEST_TIER=&lt;tier&gt;</c>.</summary>
    public string BestTierLine => $"BEST_TIER={BestTier}";
}
