using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Phantom.Cluster.Demo;
using Phantom.Streams.Configuration;
using Phantom.Training.Data;
using Phantom.Training.Datasets;
using Phantom.Training.Evaluation;
using Phantom.Training.Trees;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom evaluate</c>: the quality numbers of docs/evaluation.md. (a) the detector on generated traffic, trained
/// on some generator seeds and tested on others; (b) the detector on the real web-bot logs, per test split; (c) the
/// purchase model on UCI online shoppers, k-fold cross-validated. Prints a table and writes JSON.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var events = new Option<long>("--events-per-seed") { Description = "Generated events per seed (train and test).", DefaultValueFactory = _ => 200_000 };
        var alpha = new Option<double>("--alpha", "-a") { Description = "Contamination α of the generated traffic.", DefaultValueFactory = _ => 0.3 };
        var trainSeeds = new Option<string>("--train-seeds") { Description = "Comma-separated generator seeds to train on.", DefaultValueFactory = _ => "1,2" };
        var testSeeds = new Option<string>("--test-seeds") { Description = "Comma-separated generator seeds to test on (none may be a training seed).", DefaultValueFactory = _ => "101" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds on online shoppers.", DefaultValueFactory = _ => 5 };
        var datasets = new Option<DirectoryInfo?>("--datasets") { Description = "The shared datasets folder (default: found above the program, shared/datasets)." };
        var skip = new Option<string[]>("--skip") { Description = "Parts to leave out: generated, web-bots, shoppers.", AllowMultipleArgumentsPerToken = true };
        skip.AcceptOnlyFromAmong("generated", "web-bots", "shoppers");
        var kernelsOut = new Option<DirectoryInfo?>("--kernels-out") { Description = "Also write the web-bot site's human and bot kernels (MLE over every annotated session in the logs) as one kernels artifact per task under this folder, for phantom benchmark --kernels." };
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() is < 1_000 or > 20_000_000)
            {
                r.AddError("--events-per-seed must be within [1000, 20000000].");
            }
        });
        alpha.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and < 1))
            {
                r.AddError("--alpha must be within (0, 1): the detector needs both classes.");
            }
        });
        folds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 2 or > 20)
            {
                r.AddError("--folds must be within [2, 20].");
            }
        });
        foreach (var seeds in new[] { trainSeeds, testSeeds })
        {
            seeds.Validators.Add(r =>
            {
                if (ParseSeeds(r.GetValueOrDefault<string>()) is null)
                {
                    r.AddError($"{seeds.Name} must be a comma-separated list of integers, e.g. 1,2.");
                }
            });
        }

        var command = new Command("evaluate", "Measure detection (generated and real web-bot traffic) and purchase prediction (UCI online shoppers); table and JSON.")
        {
            events, alpha, trainSeeds, testSeeds, folds, datasets, skip, kernelsOut, config, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var options = CliConfiguration.TryLoad("embedded", parse.GetValue(config));
            if (options is null)
            {
                return ExitCodes.BadConfiguration;
            }

            var skipped = new HashSet<string>(parse.GetValue(skip) ?? [], StringComparer.Ordinal);
            var reasons = new Dictionary<string, string>();
            var root = parse.GetValue(datasets)?.FullName ?? DatasetLocator.FindSharedDatasets();
            var clock = Stopwatch.StartNew();
            void Log(string line) => AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed:mm\\:ss}[/] {line}");

            GeneratedDetectionResult? generated = null;
            if (skipped.Contains("generated"))
            {
                reasons["generated"] = "--skip";
            }
            else
            {
                var settings = new GeneratedDetectionSettings
                {
                    Alpha = parse.GetValue(alpha),
                    TrainSeeds = ParseSeeds(parse.GetValue(trainSeeds))!,
                    TestSeeds = ParseSeeds(parse.GetValue(testSeeds))!,
                    EventsPerSeed = parse.GetValue(events),
                    Trees = new GradientBoostingOptions(),
                };
                try
                {
                    generated = GeneratedDetectionEvaluation.Run(options, settings, Log);
                }
                catch (ArgumentException error)
                {
                    Console.Terminal.Error(error.Message);
                    return ExitCodes.BadConfiguration;
                }
            }

            WebBotEvaluationResult? webBots = null;
            var webBotFolder = root is null ? null : Path.Combine(root, IliouWebBotDataset.FolderName);
            if (skipped.Contains("web-bots"))
            {
                reasons["web-bots"] = "--skip";
            }
            else if (webBotFolder is null || !Directory.Exists(webBotFolder))
            {
                reasons["web-bots"] = $"dataset not found ({webBotFolder ?? "no shared/datasets folder"})";
                Log($"web-bot logs skipped: {reasons["web-bots"]}");
            }
            else
            {
                webBots = WebBotEvaluation.Run(options, webBotFolder, Log, parse.GetValue(folds), kernelsDirectory: parse.GetValue(kernelsOut)?.FullName);
            }

            PurchaseEvaluationResult? shoppers = null;
            var shoppersFile = root is null ? null : Path.Combine([root, .. OnlineShoppersDataset.RelativePath]);
            if (skipped.Contains("shoppers"))
            {
                reasons["shoppers"] = "--skip";
            }
            else if (shoppersFile is null || !File.Exists(shoppersFile))
            {
                reasons["shoppers"] = $"dataset not found ({shoppersFile ?? "no shared/datasets folder"})";
                Log($"online shoppers skipped: {reasons["shoppers"]}");
            }
            else
            {
                shoppers = PurchaseEvaluation.Run(OnlineShoppersDataset.Load(shoppersFile), parse.GetValue(folds), 1, null, Log);
            }

            var report = new EvaluationReport(generated, webBots, shoppers, reasons, Math.Round(clock.Elapsed.TotalSeconds, 2));
            Print(report);
            if (parse.GetValue(json) is { } file)
            {
                await SummaryJson.WriteAsync(file.FullName, report);
                TrainingCli.Note($"written to {file.FullName}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static IReadOnlyList<long>? ParseSeeds(string? text)
    {
        var seeds = new List<long>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) || seed is < int.MinValue or > int.MaxValue)
            {
                return null;
            }

            seeds.Add(seed);
        }

        return seeds.Count > 0 ? seeds : null;
    }

    private static void Print(EvaluationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]phantom evaluate[/]")
            .AddColumn("evaluation").AddColumn("data").AddColumn(new TableColumn("ROC-AUC").RightAligned()).AddColumn(new TableColumn("PR-AUC").RightAligned()).AddColumn("note");
        void Row(string what, string data, double auc, double pr, string note) =>
            table.AddRow(Markup.Escape(what), Markup.Escape(data), TrainingCli.Number(auc), TrainingCli.Number(pr), Markup.Escape(note));

        if (report.GeneratedDetection is { } g)
        {
            var data = $"α={g.Alpha.ToString("0.##", CultureInfo.InvariantCulture)}, train seeds {string.Join(',', g.TrainSeeds)} ({g.TrainSessions:N0} sessions), test seeds {string.Join(',', g.TestSeeds)} ({g.TestSessions:N0})";
            Row("detector gbt, generated", data, g.Gbt.RocAuc, g.Gbt.PrAuc, $"target ≥ 0.95; ECE {TrainingCli.Number(g.Gbt.ExpectedCalibrationError)}");
            Row("detector logistic, generated", data, g.Logistic.RocAuc, g.Logistic.PrAuc, $"ECE {TrainingCli.Number(g.Logistic.ExpectedCalibrationError)}");
            Row("live detector (hand-set), generated", "test seeds", g.LiveDetector.RocAuc, g.LiveDetector.PrAuc, "untrained reference");
            Row("f(τ) alone, generated", "test seeds", g.KernelScore.RocAuc, g.KernelScore.PrAuc, "untrained reference");
        }

        if (report.WebBots is { } w)
        {
            foreach (var t in w.Tasks)
            {
                var bots = t.Task.Contains("advanced", StringComparison.Ordinal) ? "advanced bots" : "moderate bots";
                var official = $"official split: train {t.TrainHumans}h+{t.TrainBots}b, test {t.TestHumans}h+{t.TestBots}b in the logs";
                var unscorable = double.IsNaN(t.Gbt.RocAuc) ? "test split has one class in the logs" : "";
                Row($"detector gbt, web bots ({bots})", official, t.Gbt.RocAuc, t.Gbt.PrAuc, unscorable);
                var pooled = $"{t.PooledFolds}-fold CV, all {t.TrainHumans + t.TestHumans}h+{t.TrainBots + t.TestBots}b sessions in the logs";
                Row($"detector gbt, web bots ({bots})", pooled, t.PooledGbt.RocAuc, t.PooledGbt.PrAuc, $"{t.AnnotatedSessionsMissingFromLogs} annotated sessions absent");
                Row($"detector logistic, web bots ({bots})", pooled, t.PooledLogistic.RocAuc, t.PooledLogistic.PrAuc, "");
                Row($"detector gbt, behaviour only ({bots})", pooled, t.PooledBehaviourGbt.RocAuc, t.PooledBehaviourGbt.PrAuc, "without user-agent and clock features");
                Row($"detector logistic, behaviour only ({bots})", pooled, t.PooledBehaviourLogistic.RocAuc, t.PooledBehaviourLogistic.PrAuc, "without user-agent and clock features");
                Row($"live detector, web bots ({bots})", pooled.Replace($"{t.PooledFolds}-fold CV, a", "a", StringComparison.Ordinal), t.PooledLiveDetector.RocAuc, t.PooledLiveDetector.PrAuc, "untrained reference");
                Row($"f(τ) alone, web bots ({bots})", pooled.Replace($"{t.PooledFolds}-fold CV, a", "a", StringComparison.Ordinal), t.PooledKernelScore.RocAuc, t.PooledKernelScore.PrAuc, "untrained reference");
                Row($"f(τ) on this site's kernels ({bots})", pooled, t.PooledSiteKernelScore.RocAuc, t.PooledSiteKernelScore.PrAuc, "kernels estimated on the other folds");
            }
        }

        if (report.OnlineShoppers is { } s)
        {
            var data = $"UCI online shoppers, {s.Sessions:N0} sessions ({s.Purchases:N0} purchases), {s.Folds}-fold CV";
            Row("purchase gbt", data, s.GbtRocAucMean, s.GbtPrAucMean, $"target ≥ 0.90; ± {TrainingCli.Number(s.GbtRocAucStd)} over folds");
            Row("purchase logistic", data, s.LogisticRocAucMean, double.NaN, $"± {TrainingCli.Number(s.LogisticRocAucStd)} over folds");
        }

        AnsiConsole.Write(table);
        foreach (var (part, reason) in report.Skipped)
        {
            TrainingCli.Note($"skipped {part}: {reason}");
        }

        TrainingCli.Note($"elapsed {report.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
    }
}
