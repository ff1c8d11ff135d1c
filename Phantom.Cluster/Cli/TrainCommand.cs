using System.CommandLine;
using System.Globalization;
using Phantom.Cluster.Demo;
using Phantom.Streams.Configuration;
using Phantom.Training.Detection;
using Phantom.Training.Replay;
using Phantom.Training.Trees;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom train</c>: trainers that turn replayed sessions into model artifacts (weights plus <c>model.json</c>).
/// Subcommands: <c>kernels</c>, <c>detector</c>, <c>multitask</c>; <c>policy</c> is added beside them by
/// <see cref="Create(Command[])"/>.
/// </summary>
internal static class TrainCommand
{
    /// <summary>The <c>train</c> command with its own subcommands and any given ones (e.g. <c>TrainPolicyCommand.Create()</c>).</summary>
    public static Command Create(params Command[] more)
    {
        var command = new Command("train", "Train models from stored events; each subcommand writes a model artifact (weights + model.json).")
        {
            Kernels(),
            Detector(),
            MultiTask(),
        };

        // Trainers that live elsewhere (the pricing policy) join here: Program passes TrainPolicyCommand.Create().
        foreach (var subcommand in more)
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    private static Command Kernels()
    {
        var input = TrainingCli.Input("Events (JSON lines) to estimate the kernels from; needs labelled sessions (ground truth or --labels).");
        var labels = TrainingCli.Labels();
        var since = TrainingCli.Since();
        var until = TrainingCli.Until();
        var skipHovers = new Option<bool>("--skip-hovers") { Description = "Leave hover events out of the trajectories (the generator interleaves them outside its kernel). Default: keep them, as the live f(τ) does." };
        var output = TrainingCli.OutDirectory();
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        var command = new Command("kernels", "MLE of the human and agent transition kernels from labelled sessions; writes kernels.json (the shape of phantom.agent.kernels) and model.json.")
        {
            input, labels, since, until, skipHovers, output, config, json,
        };
        command.SetAction(async (parse, _) =>
        {
            if (TrainingCli.TryLoad(parse, config, labels, since, until, trajectories: true) is not { } loaded)
            {
                return ExitCodes.BadConfiguration;
            }

            var (options, replay) = loaded;

            var path = parse.GetValue(input)!.FullName;
            KernelTrainingResult result;
            try
            {
                result = KernelTrainer.Train(new JsonLinesReplaySource(path), options, replay, parse.GetValue(skipHovers));
            }
            catch (InvalidDataException error)
            {
                Console.Terminal.Error(error.Message);
                return ExitCodes.Failed;
            }

            var directory = parse.GetValue(output)!.FullName;
            var manifest = KernelTrainer.WriteArtifact(result, directory, path, 0);
            TrainingCli.Table("kernels", [
                ("human sessions", TrainingCli.Count(result.HumanSessions)),
                ("agent sessions", TrainingCli.Count(result.AgentSessions)),
                ("ignored (unlabelled or < 2 events)", TrainingCli.Count(result.IgnoredSessions)),
                ("human transitions", TrainingCli.Count(result.HumanTransitions)),
                ("agent transitions", TrainingCli.Count(result.AgentTransitions)),
                ("human rows / agent rows", $"{result.Rows["human"].Count} / {result.Rows["agent"].Count}"),
                ("artifact", directory),
            ]);
            return await WriteJsonAsync(parse, json, Summary(manifest, directory));
        });
        return command;
    }

    private static Command Detector()
    {
        var input = TrainingCli.Input("Events (JSON lines) to replay, or a dataset CSV written by phantom replay.");
        var labels = TrainingCli.Labels();
        var since = TrainingCli.Since();
        var until = TrainingCli.Until();
        var algorithm = new Option<string>("--algo") { Description = "gbt (histogram gradient-boosted trees) or logistic.", DefaultValueFactory = _ => "gbt" };
        algorithm.AcceptOnlyFromAmong("gbt", "logistic");
        var depth = new Option<int>("--depth") { Description = "Tree depth (gbt).", DefaultValueFactory = _ => 6 };
        var rate = new Option<double>("--learning-rate") { Description = "Shrinkage per tree (gbt).", DefaultValueFactory = _ => 0.1 };
        var rounds = new Option<int>("--rounds") { Description = "Boosting rounds (gbt).", DefaultValueFactory = _ => 100 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of sessions held out (stratified) for the reported metrics.", DefaultValueFactory = _ => 0.25 };
        var seed = CliOptions.Seed();
        var output = TrainingCli.OutDirectory();
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        depth.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 16)
            {
                r.AddError("--depth must be within [1, 16].");
            }
        });
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and <= 1))
            {
                r.AddError("--learning-rate must be within (0, 1].");
            }
        });
        rounds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                r.AddError("--rounds must be within [1, 10000].");
            }
        });
        testFraction.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and < 1))
            {
                r.AddError("--test-fraction must be within (0, 1).");
            }
        });

        var command = new Command("detector", "Train a session detector (P(agent) from session features) and report ROC-AUC, PR-AUC and calibration on a held-out split.")
        {
            input, labels, since, until, algorithm, depth, rate, rounds, testFraction, seed, output, config, json,
        };
        command.SetAction(async (parse, _) =>
        {
            if (TrainingCli.TryLoad(parse, config, labels, since, until) is not { } loaded)
            {
                return ExitCodes.BadConfiguration;
            }

            var (options, replay) = loaded;

            var seedValue = parse.GetValue(seed) ?? 1;
            var detectorOptions = new DetectorOptions
            {
                Algorithm = parse.GetValue(algorithm) == "logistic" ? DetectorAlgorithm.Logistic : DetectorAlgorithm.Gbt,
                Trees = new GradientBoostingOptions { MaxDepth = parse.GetValue(depth), LearningRate = parse.GetValue(rate), Rounds = parse.GetValue(rounds) },
                TestFraction = parse.GetValue(testFraction),
                Seed = seedValue,
            };
            DetectorTrainingResult result;
            string description;
            try
            {
                var (data, what) = TrainingCli.LoadSessions(parse.GetValue(input)!, options, replay);
                description = what;
                result = DetectorTrainer.Train(data.ToLabeled(), detectorOptions);
            }
            catch (InvalidDataException error)
            {
                Console.Terminal.Error(error.Message);
                return ExitCodes.Failed;
            }

            var directory = parse.GetValue(output)!.FullName;
            var manifest = DetectorTrainer.WriteArtifact(result, directory, description, seedValue);
            var report = result.Test;
            TrainingCli.Table($"detector ({result.Classifier.Algorithm}), held-out {TrainingCli.Count(result.TestSessions)} sessions", [
                ("train sessions", TrainingCli.Count(result.TrainSessions)),
                ("test sessions (agents)", $"{TrainingCli.Count(result.TestSessions)} ({TrainingCli.Count(report.Positives)})"),
                ("ROC-AUC", TrainingCli.Number(report.RocAuc)),
                ("PR-AUC (average precision)", TrainingCli.Number(report.AveragePrecision)),
                ("log-loss", TrainingCli.Number(report.LogLoss)),
                ("expected calibration error", TrainingCli.Number(report.Calibration.ExpectedCalibrationError)),
                ("maximum calibration error", TrainingCli.Number(report.Calibration.MaximumCalibrationError)),
                ("training time (s)", TrainingCli.Number(result.TrainingTime.TotalSeconds, "0.00")),
                ("artifact", directory),
            ]);
            TrainingCli.Table("calibration (predicted → observed)", report.Calibration.Bins.Where(b => b.Count > 0).Select(b =>
                ($"[{b.Lower.ToString("0.0", CultureInfo.InvariantCulture)}, {b.Upper.ToString("0.0", CultureInfo.InvariantCulture)}) n={b.Count}",
                 $"{TrainingCli.Number(b.MeanPredicted, "0.000")} → {TrainingCli.Number(b.ObservedRate, "0.000")}")));
            return await WriteJsonAsync(parse, json, new { Artifact = Summary(manifest, directory), Calibration = report.Calibration.Bins });
        });
        return command;
    }

    private static Command MultiTask()
    {
        var input = TrainingCli.Input("Events (JSON lines) to replay (not a dataset CSV: the rows are snapshots at each session's first add_item_to_cart).");
        var labels = TrainingCli.Labels();
        var since = TrainingCli.Since();
        var until = TrainingCli.Until();
        var agentWeight = new Option<double>("--agent-weight") { Description = "α, the weight of BCE(agent) in the loss.", DefaultValueFactory = _ => 1.0 };
        var purchaseWeight = new Option<double>("--purchase-weight") { Description = "β, the weight of BCE(purchase) in the loss.", DefaultValueFactory = _ => 1.0 };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs (early stopping on a validation split may end sooner).", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 256 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var seed = CliOptions.Seed();
        var output = TrainingCli.OutDirectory();
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        foreach (var weight in new[] { agentWeight, purchaseWeight })
        {
            weight.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<double>() is not (>= 0 and <= 100))
                {
                    r.AddError($"{weight.Name} must be within [0, 100].");
                }
            });
        }

        epochs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError("--epochs must be within [1, 1000].");
            }
        });
        batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 65_536)
            {
                r.AddError("--batch-size must be within [1, 65536].");
            }
        });
        rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and <= 1))
            {
                r.AddError("--learning-rate must be within (0, 1].");
            }
        });

        var command = new Command("multitask", "Train the shared-encoder network with heads P(agent) and P(purchase | price) on α·BCE(agent) + β·BCE(purchase).")
        {
            input, labels, since, until, agentWeight, purchaseWeight, epochs, batch, rate, seed, output, config, json,
        };
        command.SetAction(async (parse, _) =>
        {
            if (TrainingCli.TryLoad(parse, config, labels, since, until) is not { } loaded)
            {
                return ExitCodes.BadConfiguration;
            }

            var (options, replay) = loaded;

            var training = new MultiTaskSessionOptions
            {
                AgentLossWeight = parse.GetValue(agentWeight),
                PurchaseLossWeight = parse.GetValue(purchaseWeight),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(rate),
                Seed = parse.GetValue(seed) ?? 1,
                EpochCompleted = e => TrainingCli.Note(
                    $"epoch {e.Epoch + 1,3}: train BCE agent {e.TrainAgentLoss:F4} purchase {e.TrainPurchaseLoss:F4}; validation total {e.ValidationTotalLoss:F4}"),
            };
            MultiTaskSessionResult result;
            string description;
            try
            {
                var path = parse.GetValue(input)!.FullName;
                if (TrainingCli.IsDataset(path))
                {
                    Console.Terminal.Error("--input: multitask needs events, not a dataset CSV: its rows are snapshots taken right after each session's first add_item_to_cart, which a dataset does not hold");
                    return ExitCodes.BadConfiguration;
                }

                var sessions = MultiTaskSessionTrainer.Sessions(new JsonLinesReplaySource(path), options, replay);
                description = $"{path}: {sessions.Count:N0} sessions ({sessions.Count(s => s.Carted):N0} carted)";
                TrainingCli.Note(description);
                result = MultiTaskSessionTrainer.Train(sessions, training);
            }
            catch (InvalidDataException error)
            {
                Console.Terminal.Error(error.Message);
                return ExitCodes.Failed;
            }

            var directory = parse.GetValue(output)!.FullName;
            var manifest = MultiTaskSessionTrainer.WriteArtifact(result, training, directory, description);
            TrainingCli.Table("multi-task network, held-out sessions", [
                ("train / test sessions", $"{TrainingCli.Count(result.TrainSessions)} / {TrainingCli.Count(result.TestSessions)}"),
                ("agent head ROC-AUC", TrainingCli.Number(result.AgentRocAuc)),
                ("purchase head ROC-AUC (carted sessions)", TrainingCli.Number(result.PurchaseRocAuc)),
                ("test sessions carted / bought", $"{TrainingCli.Count(result.TestCartedSessions)} / {TrainingCli.Count(result.TestPurchases)}"),
                ("epochs run / best", $"{result.Training.History.Count} / {result.Training.BestEpoch + 1}"),
                ("reference price", TrainingCli.Number(result.Rows.ReferencePrice, "0.00")),
                ("artifact", directory),
            ]);
            return await WriteJsonAsync(parse, json, Summary(manifest, directory));
        });
        return command;
    }

    /// <summary>The --json form of an artifact: where it is and what model.json says about it.</summary>
    private static object Summary(Phantom.Training.Registry.ModelManifest manifest, string directory) => new
    {
        Directory = directory,
        manifest.Name,
        Kind = manifest.Kind.ToString().ToLowerInvariant(),
        manifest.Algorithm,
        manifest.Metrics,
        manifest.Files,
        manifest.TrainingData,
    };

    private static async Task<int> WriteJsonAsync<T>(ParseResult parse, Option<FileInfo?> json, T value)
    {
        if (parse.GetValue(json) is { } file)
        {
            await SummaryJson.WriteAsync(file.FullName, value);
            TrainingCli.Note($"written to {file.FullName}");
        }

        return ExitCodes.Ok;
    }
}
