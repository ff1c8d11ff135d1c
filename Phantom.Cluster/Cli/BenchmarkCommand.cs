using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Phantom.Cluster.Console;
using Phantom.Cluster.Demo;
using Phantom.Streams.Agents;
using Phantom.Streams.Models;
using Phantom.Training.Benchmark;
using Phantom.Training.Policies;
using Phantom.Training.Simulation;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom benchmark</c> (PHANTOM-MODEL.md section 7): trains and evaluates pricing tiers on the market simulator
/// per mode and α, writes runs/summary/price-trace CSVs and SVG plots into <c>--out</c>, prints the summary table and
/// ends with the <c>BEST_TIER=</c> line. The same seed gives byte-identical CSVs.
/// </summary>
internal static class BenchmarkCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var tiers = new Option<string>("--tiers") { Description = "Comma-separated tiers: static, surge, linear, qtable, ppo.", DefaultValueFactory = _ => "static,surge,linear,qtable,ppo" };
        var alphas = new Option<string>("--alpha-values") { Description = "Comma-separated nominal α values in [0, 1].", DefaultValueFactory = _ => "0.0,0.3,0.6" };
        var episodes = new Option<int>("--episodes") { Description = "Evaluation episodes per tier, mode, α and stress point.", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "Seed of training and evaluation; the same seed gives byte-identical CSVs.", DefaultValueFactory = _ => 42 };
        var timesteps = new Option<long>("--total-timesteps") { Description = "Training steps per learning tier, mode and α.", DefaultValueFactory = _ => 100_000 };
        var noRobust = new Option<bool>("--no-robust") { Description = "Baseline mode only (skip the robust, defended, mode)." };
        var outDirectory = new Option<DirectoryInfo>("--out") { Description = "Directory for the CSV files and plots.", DefaultValueFactory = _ => new DirectoryInfo("benchmark") };
        var json = CliOptions.Json();
        var flags = new SimulatorFlags();

        var command = new Command("benchmark", "Train and evaluate the pricing tiers on the market simulator across modes and α; writes CSVs and plots and prints BEST_TIER=.")
        {
            tiers, alphas, episodes, seed, timesteps, noRobust, outDirectory, json,
        };
        flags.AddTo(command);
        command.SetAction(parse =>
        {
            BenchmarkOptions options;
            try
            {
                options = new BenchmarkOptions
                {
                    Tiers = SplitList(parse.GetValue(tiers)!, "--tiers").Select(t => t.ToLowerInvariant()).ToList(),
                    AlphaValues = SplitList(parse.GetValue(alphas)!, "--alpha-values").Select(a => ParseDouble(a, "--alpha-values")).ToList(),
                    Episodes = parse.GetValue(episodes),
                    Seed = parse.GetValue(seed),
                    TotalTimesteps = parse.GetValue(timesteps),
                    NoRobust = parse.GetValue(noRobust),
                    OutputDirectory = parse.GetValue(outDirectory)!.FullName,
                    Simulator = flags.Build(parse),
                };
                options.Validate();
            }
            catch (ArgumentException error)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {error.Message}");
                return ExitCodes.BadConfiguration;
            }

            var output = parse.InvocationConfiguration.Output;
            var progress = new ProgressWriter(output);
            var registry = PricingTierRegistry.CreateDefault();
            var ppoClock = Stopwatch.StartNew();
            registry.Register("ppo", o => new PpoAgent(o) { OnUpdate = s => PpoProgress(output, ppoClock, s, o) });
            var cells = options.Tiers.Count * options.AlphaValues.Count * (options.NoRobust ? 1 : 2);
            output.WriteLine(string.Create(Invariant, $"benchmark: {cells} cells (tiers × modes × α), {options.Episodes} episodes each, {options.TotalTimesteps:N0} training steps per learner; seed {options.Seed}"));
            BenchmarkResult result;
            try
            {
                result = new BenchmarkRunner(options, registry, progress).Run();
            }
            catch (ArgumentException error)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {error.Message}");
                return ExitCodes.BadConfiguration;
            }

            PrintSummary(result);
            var shapes = BenchmarkShape.Compute(result.Summary);
            PrintShape(shapes);
            foreach (var file in result.Files)
            {
                Terminal.Note($"wrote {file}");
            }

            if (parse.GetValue(json) is { } jsonFile)
            {
                SummaryJson.WriteAsync(jsonFile.FullName, new { result.BestTier, Summary = result.Summary, Shape = shapes, result.Files }).GetAwaiter().GetResult();
                Terminal.Note($"written to {jsonFile.FullName}");
            }

            // The machine-readable last line.
            output.WriteLine(result.BestTierLine);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void PpoProgress(TextWriter output, Stopwatch clock, PpoUpdateStats stats, SimulatorOptions options)
    {
        if (clock.Elapsed.TotalSeconds < 1.0)
        {
            return;
        }

        clock.Restart();
        output.WriteLine(string.Create(Invariant, $"  ppo {BenchmarkRunner.ModeName(options.Mode)} alpha={options.Alpha:0.###}: {stats.Timesteps:N0} steps, episode reward {stats.MeanEpisodeReward:F0}, entropy {stats.Entropy:F3}"));
    }

    private static void PrintSummary(BenchmarkResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]benchmark (nominal α)[/]")
            .AddColumns("tier", "mode", "α")
            .AddColumn(new TableColumn("reward").RightAligned())
            .AddColumn(new TableColumn("revenue").RightAligned())
            .AddColumn(new TableColumn("COI level").RightAligned())
            .AddColumn(new TableColumn("leakage").RightAligned());
        foreach (var r in result.Summary.Where(r => r.Stress == "nominal"))
        {
            table.AddRow(
                Markup.Escape(r.Tier), r.Mode, r.TrainAlpha.ToString("0.###", Invariant), r.MeanReward.ToString("F0", Invariant),
                r.MeanRevenue.ToString("F0", Invariant), r.MeanCoi.ToString("0.00", Invariant), r.MeanCoiLeakage.ToString("0.0000", Invariant));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The thesis's shape quantities per tier (docs/evaluation.md compares them with the thesis's final cohort).</summary>
    private static void PrintShape(IReadOnlyList<BenchmarkShape> shapes)
    {
        static string Format(double? value, string format) => value is { } v && double.IsFinite(v) ? v.ToString(format, Invariant) : "—";

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]shape (thesis: α=1/α=0 73%, defended −4.78%, leakage lower in every cell)[/]")
            .AddColumn("tier")
            .AddColumn(new TableColumn("revenue α=1 / α=0").RightAligned())
            .AddColumn(new TableColumn("slope per unit α (R²)").RightAligned())
            .AddColumn(new TableColumn("defended Δrevenue").RightAligned())
            .AddColumn(new TableColumn("leakage lower").RightAligned());
        foreach (var s in shapes)
        {
            table.AddRow(
                Markup.Escape(s.Tier),
                Format(s.RevenueRatio * 100, "0.0") + "%",
                $"{Format(s.Slope, "N0")} ({Format(s.RSquared, "0.000")})",
                Format(s.MeanDefendedRevenueChangePercent, "+0.00;-0.00") + "%",
                string.Create(Invariant, $"{s.LeakageLowerCells} of {s.PairedCells}"));
        }

        AnsiConsole.Write(table);
    }

    internal static IReadOnlyList<string> SplitList(string text, string flag)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            throw new ArgumentException($"{flag} is empty");
        }

        return items;
    }

    internal static double ParseDouble(string text, string flag) =>
        double.TryParse(text, NumberStyles.Float, Invariant, out var value)
            ? value
            : throw new ArgumentException($"{flag}: '{text}' is not a number");

    /// <summary>The simulator flags of section 7, shared with <c>phantom train policy</c>; unset flags keep the defaults.</summary>
    internal sealed class SimulatorFlags
    {
        private readonly Option<int?> _products = new("--n-products") { Description = "Products n (default 10)." };
        private readonly Option<int?> _sessions = new("--sessions") { Description = "Sessions N per step (default 100)." };
        private readonly Option<double?> _lambdaCoi = new("--lambda-coi") { Description = "λ_coi, weight of the COI leakage penalty in robust mode (default 0.2)." };
        private readonly Option<double?> _radius = new("--robust-radius") { Description = "Radius r of the robust α grid (default 0.15)." };
        private readonly Option<int?> _points = new("--robust-points") { Description = "Points K of the robust α grid (default 5)." };
        private readonly Option<double?> _etaUx = new("--eta-ux") { Description = "η_ux, weight of the price-volatility penalty (default 0.5)." };
        private readonly Option<double?> _priceMin = new("--price-min") { Description = "Lower price bound (default 10)." };
        private readonly Option<double?> _priceMax = new("--price-max") { Description = "Upper price bound (default 150)." };
        private readonly Option<int?> _levels = new("--action-levels") { Description = "Number of discrete price scales (default 9)." };
        private readonly Option<double?> _scaleMin = new("--action-scale-min") { Description = "Smallest price scale (default 0.8)." };
        private readonly Option<double?> _scaleMax = new("--action-scale-max") { Description = "Largest price scale (default 1.2)." };
        private readonly Option<int?> _maxSteps = new("--max-steps") { Description = "Most steps per episode (default 100)." };
        private readonly Option<bool> _rawDemand = new("--raw-demand") { Description = "Observed demand as weighted event mass per 100 sessions instead of rescaled to sum 100 (see docs/evaluation.md)." };
        private readonly Option<bool> _freshDraw = new("--robust-fresh-draw") { Description = "Robust mode samples a fresh market at the worst α instead of keeping the worst candidate's draw, as the original did (see docs/evaluation.md)." };
        private readonly Option<bool> _proxyAdversary = new("--robust-proxy-adversary") { Description = "Robust mode picks its worst α with the original's closed-form proxy instead of the sampled reward (see docs/evaluation.md)." };
        private readonly Option<DirectoryInfo?> _kernels = new("--kernels") { Description = "A kernels artifact (the --out directory of phantom train kernels): the market's sessions follow its human and agent kernels and f(τ) scores against them, instead of the reference kernels." };
        private readonly Option<bool> _zeroDemandJump = new("--zero-demand-jump") { Description = "The original's sampler: a session on a product with zero demand for its class jumps uniformly over all (state, product) pairs (see docs/evaluation.md)." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { _products, _sessions, _lambdaCoi, _radius, _points, _etaUx, _priceMin, _priceMax, _levels, _scaleMin, _scaleMax, _maxSteps, _rawDemand, _zeroDemandJump, _freshDraw, _proxyAdversary, _kernels })
            {
                command.Options.Add(option);
            }
        }

        /// <summary>Default simulator options with the given flags applied, validated (errors name the setting).</summary>
        public SimulatorOptions Build(ParseResult parse)
        {
            var o = new SimulatorOptions();
            o.ProductCount = parse.GetValue(_products) ?? o.ProductCount;
            o.Sessions = parse.GetValue(_sessions) ?? o.Sessions;
            o.LambdaCoi = parse.GetValue(_lambdaCoi) ?? o.LambdaCoi;
            o.RobustRadius = parse.GetValue(_radius) ?? o.RobustRadius;
            o.RobustPoints = parse.GetValue(_points) ?? o.RobustPoints;
            o.EtaUx = parse.GetValue(_etaUx) ?? o.EtaUx;
            o.PriceMin = parse.GetValue(_priceMin) ?? o.PriceMin;
            o.PriceMax = parse.GetValue(_priceMax) ?? o.PriceMax;
            o.ActionLevels = parse.GetValue(_levels) ?? o.ActionLevels;
            o.ActionScaleMin = parse.GetValue(_scaleMin) ?? o.ActionScaleMin;
            o.ActionScaleMax = parse.GetValue(_scaleMax) ?? o.ActionScaleMax;
            o.MaxSteps = parse.GetValue(_maxSteps) ?? o.MaxSteps;
            o.NormalizeObservedDemand = !parse.GetValue(_rawDemand);
            o.ZeroDemandJump = parse.GetValue(_zeroDemandJump);
            o.RobustFreshDraw = parse.GetValue(_freshDraw);
            o.RobustAdversary = parse.GetValue(_proxyAdversary) ? RobustAdversary.Proxy : RobustAdversary.Sampled;
            o.Validate();
            return parse.GetValue(_kernels) is { } kernels ? o.WithKernels(LoadKernels(kernels.FullName), kernels.FullName) : o;
        }

        /// <exception cref="ArgumentException">Not a readable kernels artifact; the message names the flag and the directory.</exception>
        private static KernelSet LoadKernels(string directory)
        {
            try
            {
                return KernelSet.Load(ModelArtifact.Open(directory), new AgentOptions().Epsilon);
            }
            catch (ModelLoadException error)
            {
                throw new ArgumentException($"--kernels: {error.Message}", error);
            }
        }
    }

    /// <summary>Prints the runner's progress lines; holds back its BEST_TIER line so it can come last, after the table.</summary>
    private sealed class ProgressWriter(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            // Plain lines: progress must not be re-wrapped at 80 columns when the output is a log file.
            if (value is not null && !value.StartsWith("BEST_TIER=", StringComparison.Ordinal))
            {
                inner.WriteLine(value);
            }
        }
    }
}
