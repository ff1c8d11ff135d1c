using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Phantom.Cluster.Console;
using Phantom.Cluster.Demo;
using Phantom.Training.Benchmark;
using Phantom.Training.Policies;
using Phantom.Training.Registry;
using Phantom.Training.Simulation;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom train policy --algo ppo|qtable</c>: trains a pricing policy on the market simulator, evaluates it against
/// the static tier over seeded episodes and writes a model artifact directory (the weights or table plus
/// <c>model.json</c>). <see cref="Create"/> returns the <c>policy</c> subcommand; the <c>train</c> parent wires it in.
/// </summary>
internal static class TrainPolicyCommand
{
    public const string PpoFile = PpoAgent.ArtifactFile;
    public const string QTableFile = QTablePolicy.ArtifactFile;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var algo = new Option<string>("--algo") { Description = "ppo or qtable.", DefaultValueFactory = _ => "ppo" };
        var timesteps = new Option<long>("--timesteps") { Description = "Training steps on the simulator.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<long>("--seed") { Description = "Seed of training and evaluation.", DefaultValueFactory = _ => 42 };
        var alpha = new Option<double>("--alpha") { Description = "Nominal agent share α0 of the simulator.", DefaultValueFactory = _ => 0.3 };
        var robust = new Option<bool>("--robust") { Description = "Train in robust (defended) mode: the market plays the worst α of its grid." };
        var episodes = new Option<int>("--eval-episodes") { Description = "Evaluation episodes (against static on the same seeds).", DefaultValueFactory = _ => 5 };
        var outDirectory = new Option<DirectoryInfo>("--out") { Description = "Artifact directory (created).", Required = true };
        var json = CliOptions.Json();
        var flags = new BenchmarkCommand.SimulatorFlags();
        var command = new Command("policy", "Train a pricing policy (ppo or qtable) on the market simulator and write a model artifact.")
        {
            algo, timesteps, seed, alpha, robust, episodes, outDirectory, json,
        };
        flags.AddTo(command);
        command.SetAction(parse =>
        {
            var algorithm = parse.GetValue(algo)!.Trim().ToLowerInvariant();
            SimulatorOptions options;
            try
            {
                if (algorithm is not ("ppo" or "qtable"))
                {
                    throw new ArgumentException($"--algo '{algorithm}' is not supported; use ppo or qtable");
                }

                if (parse.GetValue(timesteps) < 1)
                {
                    throw new ArgumentException("--timesteps must be at least 1");
                }

                if (parse.GetValue(episodes) < 1)
                {
                    throw new ArgumentException("--eval-episodes must be at least 1");
                }

                options = flags.Build(parse).With(parse.GetValue(robust) ? SimulatorMode.Robust : SimulatorMode.Baseline, parse.GetValue(alpha));
                options.Validate();
            }
            catch (ArgumentException error)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {error.Message}");
                return ExitCodes.BadConfiguration;
            }

            var result = Run(algorithm, options, parse.GetValue(timesteps), parse.GetValue(seed), parse.GetValue(episodes), parse.GetValue(outDirectory)!.FullName, parse.InvocationConfiguration.Output);
            if (parse.GetValue(json) is { } jsonFile)
            {
                SummaryJson.WriteAsync(jsonFile.FullName, result.Metrics).GetAwaiter().GetResult();
                Terminal.Note($"written to {jsonFile.FullName}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Trains, evaluates, writes the artifact and prints the comparison; returns the manifest written.</summary>
    internal static ModelManifest Run(string algorithm, SimulatorOptions options, long timesteps, long seed, int episodes, string directory, TextWriter output)
    {
        var mode = BenchmarkRunner.ModeName(options.Mode);
        output.WriteLine(string.Create(Invariant, $"train policy: {algorithm}, {timesteps:N0} steps, {mode} mode, alpha={options.Alpha:0.###}, n={options.ProductCount}, N={options.Sessions}, seed {seed}"));
        var watch = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        IPricingAgent agent = algorithm == "ppo"
            ? new PpoAgent(options)
            {
                OnUpdate = s =>
                {
                    if (watch.Elapsed - last >= TimeSpan.FromSeconds(1))
                    {
                        last = watch.Elapsed;
                        output.WriteLine(string.Create(Invariant, $"  {watch.Elapsed.TotalSeconds,5:F1}s {s.Timesteps,9:N0} steps  episode reward {s.MeanEpisodeReward,9:F0}  entropy {s.Entropy:F3}  kl {s.ApproximateKl:F4}"));
                    }
                },
            }
            : new QTablePolicy(options);
        agent.Train(new MarketSimulator(options), timesteps, SeedMixer.Mix(seed, 1));
        var trainSeconds = watch.Elapsed.TotalSeconds;
        Terminal.Note(string.Create(Invariant, $"trained in {trainSeconds:F1}s ({timesteps / Math.Max(trainSeconds, 1e-9):N0} steps/s)"));

        var environment = new MarketSimulator(options);
        var trained = Evaluate(environment, agent, seed, episodes);
        var baseline = Evaluate(environment, new StaticPolicy(options), seed, episodes);
        var metrics = new Dictionary<string, double>
        {
            ["mean_reward"] = trained.Reward,
            ["mean_revenue"] = trained.Revenue,
            ["mean_coi_leakage"] = trained.Leakage,
            ["mean_price"] = trained.Price,
            ["static_mean_reward"] = baseline.Reward,
            ["static_mean_revenue"] = baseline.Revenue,
            ["static_mean_coi_leakage"] = baseline.Leakage,
            ["reward_gain_over_static"] = trained.Reward - baseline.Reward,
            ["eval_episodes"] = episodes,
            ["train_seconds"] = Math.Round(trainSeconds, 3),
        };

        Directory.CreateDirectory(directory);
        string file;
        if (agent is PpoAgent ppo)
        {
            file = PpoFile;
            ppo.Save(Path.Combine(directory, file));
        }
        else
        {
            file = QTableFile;
            ((QTablePolicy)agent).Save(Path.Combine(directory, file));
        }

        var manifest = new ModelManifest
        {
            Name = $"policy-{algorithm}",
            Kind = ModelKind.Policy,
            Algorithm = algorithm,
            Created = DateTimeOffset.UtcNow,
            Seed = seed,
            FeatureSchema = FeatureSchema(options.ProductCount),
            Metrics = metrics,
            TrainingData = string.Create(
                Invariant,
                $"market simulator ({mode} mode): alpha={options.Alpha}, n-products={options.ProductCount}, sessions={options.Sessions}, price=[{options.PriceMin}, {options.PriceMax}], action-scales={options.ActionLevels} in [{options.ActionScaleMin}, {options.ActionScaleMax}], decoding={options.Decoding}, lambda-coi={options.EffectiveLambdaCoi}, eta-ux={options.EtaUx}, robust-radius={options.EffectiveRobustRadius}, robust-points={options.EffectiveRobustPoints}, max-steps={options.MaxSteps}, observed-demand={(options.NormalizeObservedDemand ? "normalised" : "raw")}, kernels={options.KernelsOrigin}; {timesteps} training steps, seed {seed}; evaluation: {episodes} episodes on seeds derived from {seed}"),
            Files = [file],
            Card = string.Create(
                Invariant,
                $"{algorithm} pricing policy over {options.ActionLevels} discrete price scales, trained on PHANTOM's market simulator ({mode} mode, alpha {options.Alpha}). Input: the simulator observation (feature_schema). Use: offline benchmark and as a candidate for the live pricing path behind the shield. Evaluation over {episodes} seeded episodes: mean reward {trained.Reward:F0} vs static {baseline.Reward:F0}, mean revenue {trained.Revenue:F0} vs static {baseline.Revenue:F0}. Caveats: trained on a stylised simulator, not on real demand; revenue there is measured on {(options.NormalizeObservedDemand ? "normalised demand" : "raw demand (weighted event mass per 100 sessions)")}."),
        };
        manifest.Save(directory);

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]evaluation[/]").AddColumn("tier")
            .AddColumn(new TableColumn("mean reward").RightAligned()).AddColumn(new TableColumn("mean revenue").RightAligned())
            .AddColumn(new TableColumn("COI leakage").RightAligned()).AddColumn(new TableColumn("mean price").RightAligned());
        foreach (var (name, e) in new[] { (algorithm, trained), ("static", baseline) })
        {
            table.AddRow(name, e.Reward.ToString("N0", Invariant), e.Revenue.ToString("N0", Invariant), e.Leakage.ToString("0.0000", Invariant), e.Price.ToString("0.00", Invariant));
        }

        AnsiConsole.Write(table);
        Terminal.Note($"wrote {Path.Combine(directory, file)} and {Path.Combine(directory, ModelManifest.FileName)}");
        return manifest;
    }

    /// <summary>The observation layout names: q̃ per product, price per product, then the four scalars.</summary>
    internal static IReadOnlyList<string> FeatureSchema(int products) =>
    [
        .. Enumerable.Range(0, products).Select(i => $"demand_{i}"),
        .. Enumerable.Range(0, products).Select(i => $"price_{i}"),
        "agent_probability", "alpha_adversarial", "alpha_nominal", "robust_radius",
    ];

    private static (double Reward, double Revenue, double Leakage, double Price) Evaluate(MarketSimulator environment, IPricingAgent agent, long seed, int episodes)
    {
        double reward = 0, revenue = 0, leakage = 0, price = 0;
        for (var e = 0; e < episodes; e++)
        {
            var summary = EpisodeRunner.Run(environment, agent, SeedMixer.Mix(seed, 2, e));
            reward += summary.TotalReward;
            revenue += summary.TotalRevenue;
            leakage += summary.MeanCoiLeakage;
            price += summary.MeanPrice;
        }

        return (reward / episodes, revenue / episodes, leakage / episodes, price / episodes);
    }
}
