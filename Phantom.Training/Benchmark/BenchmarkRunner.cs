using System.Diagnostics;
using System.Globalization;
using Phantom.Training.Policies;
using Phantom.Training.Simulation;

namespace Phantom.Training.Benchmark;

/// <summary>
/// The benchmark of PHANTOM-MODEL.md section 7: for each tier × mode (baseline, robust) × nominal α, train the tier on
/// a simulator at that α and mode, then evaluate it greedily for the configured episodes at α0 and at the stress points
/// α0 ± max(r, 0.15). Evaluation episode seeds depend only on the benchmark seed and the episode index, so every tier,
/// mode and α meets the same initial prices and random stream (common random numbers). Writes <c>runs.csv</c>,
/// <c>summary.csv</c>, <c>price_traces.csv</c> and SVG plots of revenue and COI by α, and picks the tier with the best
/// mean objective over its nominal cells.
/// </summary>
public sealed class BenchmarkRunner
{
    private static readonly string[] RunColumns =
    [
        "tier", "mode", "train_alpha", "eval_alpha", "stress", "episode", "seed", "steps", "reward", "revenue",
        "mean_margin", "mean_coi", "mean_coi_leakage", "mean_coi_mix", "mean_price",
    ];

    private static readonly string[] SummaryColumns =
    [
        "tier", "mode", "train_alpha", "eval_alpha", "stress", "episodes", "mean_reward", "mean_revenue", "std_revenue",
        "mean_margin", "mean_coi", "mean_coi_leakage", "mean_price", "mean_steps", "objective_score",
    ];

    private readonly BenchmarkOptions _options;
    private readonly PricingTierRegistry _registry;
    private readonly TextWriter _log;

    public BenchmarkRunner(BenchmarkOptions options, PricingTierRegistry? registry = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _registry = registry ?? PricingTierRegistry.CreateDefault();
        _log = log ?? TextWriter.Null;
    }

    /// <summary>Runs everything, writes the files, logs progress and finally the <c>BEST_TIER=</c> line.</summary>
    /// <exception cref="ArgumentException">Invalid options or an unsupported tier (the message lists the supported ones).</exception>
    public BenchmarkResult Run()
    {
        _options.Validate();
        _registry.RequireAll(_options.Tiers);
        Directory.CreateDirectory(_options.OutputDirectory);

        var modes = _options.NoRobust ? new[] { SimulatorMode.Baseline } : [SimulatorMode.Baseline, SimulatorMode.Robust];
        var runs = new List<BenchmarkRun>();
        var summary = new List<BenchmarkSummaryRow>();
        var traces = new List<string> { TraceHeader() };
        var watch = Stopwatch.StartNew();

        foreach (var tier in _options.Tiers)
        {
            foreach (var mode in modes)
            {
                for (var a = 0; a < _options.AlphaValues.Count; a++)
                {
                    var alpha = _options.AlphaValues[a];
                    var trainOptions = _options.Simulator.With(mode, alpha);
                    var agent = _registry.Create(tier, trainOptions);
                    var trainSeed = SeedMixer.Mix(_options.Seed, SeedMixer.Name(tier), (long)mode, a, 1);
                    agent.Train(new MarketSimulator(trainOptions), _options.TotalTimesteps, trainSeed);

                    foreach (var (stress, evalAlpha) in StressPoints(alpha))
                    {
                        var environment = new MarketSimulator(_options.Simulator.With(mode, evalAlpha));
                        var cell = new List<EpisodeSummary>();
                        for (var e = 0; e < _options.Episodes; e++)
                        {
                            var seed = SeedMixer.Mix(_options.Seed, 2, e);
                            Action<StepResult, MarketSimulator>? onStep = stress == "nominal" && e == 0
                                ? (step, env) => traces.Add(TraceLine(tier, mode, alpha, step, env))
                                : null;
                            var episode = EpisodeRunner.Run(environment, agent, seed, onStep);
                            cell.Add(episode);
                            runs.Add(new BenchmarkRun(tier, ModeName(mode), alpha, evalAlpha, stress, e, seed, episode));
                        }

                        summary.Add(Summarise(tier, mode, alpha, evalAlpha, stress, cell));
                    }

                    var nominal = summary[^StressPoints(alpha).Count..].First(r => r.Stress == "nominal");
                    _log.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"[{watch.Elapsed.TotalSeconds,7:F1}s] {tier,-8} {ModeName(mode),-8} alpha={alpha:0.###}  reward={nominal.MeanReward:F0}  revenue={nominal.MeanRevenue:F0}  coi_leakage={nominal.MeanCoiLeakage:F3}"));
                }
            }
        }

        var bestTier = BestTier(summary);
        var files = WriteFiles(runs, summary, traces, modes);
        var result = new BenchmarkResult(runs, summary, bestTier, files);
        _log.WriteLine(result.BestTierLine);
        return result;
    }

    /// <summary>The tier with the highest mean objective over its nominal cells (all modes and α); the first on a tie.</summary>
    public static string BestTier(IReadOnlyList<BenchmarkSummaryRow> summary)
    {
        var best = string.Empty;
        var bestScore = double.NegativeInfinity;
        foreach (var group in summary.Where(r => r.Stress == "nominal").GroupBy(r => r.Tier))
        {
            var score = group.Average(r => r.ObjectiveScore);
            if (score > bestScore)
            {
                best = group.Key;
                bestScore = score;
            }
        }

        return best;
    }

    public static string ModeName(SimulatorMode mode) => mode == SimulatorMode.Robust ? "robust" : "baseline";

    /// <summary>α0, then α0 − d and α0 + d clipped to [0, 1] (left out where clipping lands on α0), d = max(r, minimum).</summary>
    public IReadOnlyList<(string Name, double Alpha)> StressPoints(double alpha)
    {
        var delta = Math.Max(_options.Simulator.RobustRadius, _options.StressMinimumDelta);
        var points = new List<(string, double)> { ("nominal", alpha) };
        var minus = Math.Max(0.0, alpha - delta);
        var plus = Math.Min(1.0, alpha + delta);
        if (Math.Abs(minus - alpha) > 1e-12)
        {
            points.Add(("minus", minus));
        }

        if (Math.Abs(plus - alpha) > 1e-12)
        {
            points.Add(("plus", plus));
        }

        return points;
    }

    private static BenchmarkSummaryRow Summarise(string tier, SimulatorMode mode, double trainAlpha, double evalAlpha, string stress, List<EpisodeSummary> cell)
    {
        var meanRevenue = cell.Average(e => e.TotalRevenue);
        var variance = cell.Average(e => (e.TotalRevenue - meanRevenue) * (e.TotalRevenue - meanRevenue));
        return new BenchmarkSummaryRow(
            tier,
            ModeName(mode),
            trainAlpha,
            evalAlpha,
            stress,
            cell.Count,
            cell.Average(e => e.TotalReward),
            meanRevenue,
            Math.Sqrt(variance),
            cell.Average(e => e.MeanMargin),
            cell.Average(e => e.MeanCoiLevel),
            cell.Average(e => e.MeanCoiLeakage),
            cell.Average(e => e.MeanPrice),
            cell.Average(e => (double)e.Steps));
    }

    private string TraceHeader() =>
        "tier,mode,alpha,step,reward,revenue,mean_price," + string.Join(",", Enumerable.Range(0, _options.Simulator.ProductCount).Select(i => $"p{i}"));

    private static string TraceLine(string tier, SimulatorMode mode, double alpha, StepResult step, MarketSimulator environment)
    {
        var prices = environment.Prices.ToArray();
        return string.Join(
            ",",
            [tier, ModeName(mode), CsvText.Number(alpha), CsvText.Number(step.Step), CsvText.Number(step.Reward), CsvText.Number(step.Revenue),
             CsvText.Number(SimulatorObservation.Mean(prices)), .. prices.Select(CsvText.Number)]);
    }

    private List<string> WriteFiles(List<BenchmarkRun> runs, List<BenchmarkSummaryRow> summary, List<string> traces, SimulatorMode[] modes)
    {
        var dir = _options.OutputDirectory;
        var runsPath = Path.Combine(dir, "runs.csv");
        CsvText.WriteLines(runsPath, runs.Select(r => string.Join(
            ",",
            r.Tier, r.Mode, CsvText.Number(r.TrainAlpha), CsvText.Number(r.EvalAlpha), r.Stress, CsvText.Number(r.Episode),
            CsvText.Number(r.Seed), CsvText.Number(r.Summary.Steps), CsvText.Number(r.Summary.TotalReward),
            CsvText.Number(r.Summary.TotalRevenue), CsvText.Number(r.Summary.MeanMargin), CsvText.Number(r.Summary.MeanCoiLevel),
            CsvText.Number(r.Summary.MeanCoiLeakage), CsvText.Number(r.Summary.MeanCoiMix), CsvText.Number(r.Summary.MeanPrice)))
            .Prepend(string.Join(",", RunColumns)));

        var summaryPath = Path.Combine(dir, "summary.csv");
        CsvText.WriteLines(summaryPath, summary.Select(s => string.Join(
            ",",
            s.Tier, s.Mode, CsvText.Number(s.TrainAlpha), CsvText.Number(s.EvalAlpha), s.Stress, CsvText.Number(s.Episodes),
            CsvText.Number(s.MeanReward), CsvText.Number(s.MeanRevenue), CsvText.Number(s.StdRevenue), CsvText.Number(s.MeanMargin),
            CsvText.Number(s.MeanCoi), CsvText.Number(s.MeanCoiLeakage), CsvText.Number(s.MeanPrice), CsvText.Number(s.MeanSteps),
            CsvText.Number(s.ObjectiveScore)))
            .Prepend(string.Join(",", SummaryColumns)));

        var tracesPath = Path.Combine(dir, "price_traces.csv");
        CsvText.WriteLines(tracesPath, traces);

        var files = new List<string> { runsPath, summaryPath, tracesPath };
        files.Add(WritePlot(summary, modes, "revenue_by_alpha.svg", "Mean episode revenue by α", "revenue", r => r.MeanRevenue));
        files.Add(WritePlot(summary, modes, "coi_by_alpha.svg", "COI level (mean price − floor) by α", "coi_level", r => r.MeanCoi));
        files.Add(WritePlot(summary, modes, "coi_leakage_by_alpha.svg", "COI leakage (f·info value) by α", "coi_leakage", r => r.MeanCoiLeakage));
        return files;
    }

    private string WritePlot(List<BenchmarkSummaryRow> summary, SimulatorMode[] modes, string file, string title, string yLabel, Func<BenchmarkSummaryRow, double> value)
    {
        var series = new List<ChartSeries>();
        foreach (var tier in _options.Tiers)
        {
            foreach (var mode in modes)
            {
                var points = summary
                    .Where(r => r.Stress == "nominal" && r.Tier == tier && r.Mode == ModeName(mode))
                    .OrderBy(r => r.TrainAlpha)
                    .Select(r => (r.TrainAlpha, value(r)))
                    .ToList();
                series.Add(new ChartSeries($"{tier} ({ModeName(mode)})", points));
            }
        }

        var path = Path.Combine(_options.OutputDirectory, file);
        File.WriteAllText(path, SvgLineChart.Render(title, "α (agent share)", yLabel, series), new System.Text.UTF8Encoding(false));
        return path;
    }
}
