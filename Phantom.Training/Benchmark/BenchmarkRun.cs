using Phantom.Training.Policies;

namespace Phantom.Training.Benchmark;

/// <summary>One evaluation episode of the benchmark (a row of the per-run CSV).</summary>
public sealed record BenchmarkRun(
    string Tier,
    string Mode,
    double TrainAlpha,
    double EvalAlpha,
    string Stress,
    int Episode,
    long Seed,
    EpisodeSummary Summary);
