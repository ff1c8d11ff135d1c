using System.CommandLine;
using System.Globalization;
using Phantom.Cluster.Console;
using Phantom.Cluster.Demo;
using Phantom.Streams.Configuration;
using Phantom.Streams.Models;
using Phantom.Training.Explain;
using Phantom.Training.Registry;
using Phantom.Training.Simulation;
using Spectre.Console;

namespace Phantom.Cluster.Cli;

/// <summary>
/// <c>phantom models</c>: the model registry. <c>register DIR</c> stores a trainer's artifact directory by name and
/// content hash; <c>list</c> and <c>show NAME[@HASH]</c> inspect; <c>promote NAME@HASH</c> makes an artifact the
/// served model of its kind (running nodes pick kernels and detectors up through their watch, without restart);
/// <c>rollback KIND</c> returns to the previous promotion; <c>explain NAME@HASH</c> prints a policy's distilled rules or
/// a detector's top features. The registry is <c>--registry</c>, else <c>phantom.models.directory</c>.
/// </summary>
internal static class ModelsCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create() => new("models", "The model registry: register, list, show, promote, rollback and explain model artifacts.")
    {
        List(),
        Show(),
        Register(),
        Promote(),
        Rollback(),
        Explain(),
    };

    private static Option<DirectoryInfo?> RegistryOption() => new("--registry")
    {
        Description = "The registry directory; default: phantom.models.directory (data/models).",
    };

    private static Command List()
    {
        var registry = RegistryOption();
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        var command = new Command("list", "Every stored artifact, with the current promotion of each kind.") { registry, json, config };
        command.SetAction((parse, _) => Run(parse.GetValue(registry), parse.GetValue(config), async store =>
        {
            var entries = store.List();
            var promoted = Enum.GetValues<ModelKind>().ToDictionary(k => k, store.Promoted);
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]models[/]")
                .AddColumns("name", "hash", "kind", "algorithm", "created", "promoted", "metrics");
            foreach (var e in entries)
            {
                table.AddRow(Esc(e.Name), Esc(e.ShortHash), Esc(e.Kind.ToWire()), Esc(e.Manifest.Algorithm),
                    Esc(e.Manifest.Created.ToString("yyyy-MM-dd HH:mm", Invariant)), Esc(Status(e, promoted[e.Kind])), Esc(Metrics(e.Manifest.Metrics, 3)));
            }

            AnsiConsole.Write(table);
            if (entries.Count == 0)
            {
                Terminal.Note($"no artifacts in {store.Root}; add one with `phantom models register DIR`");
            }

            await WriteJsonAsync(parse.GetValue(json), entries.Select(e => EntryJson(e, promoted[e.Kind])).ToArray());
        }));
        return command;
    }

    private static Command Show()
    {
        var reference = new Argument<string>("model") { Description = "NAME or NAME@HASH (any unambiguous hash prefix)." };
        var registry = RegistryOption();
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        var command = new Command("show", "One artifact's manifest, files, metrics, model card and integrity.") { reference, registry, json, config };
        command.SetAction((parse, _) => Run(parse.GetValue(registry), parse.GetValue(config), async store =>
        {
            var text = parse.GetValue(reference)!;
            var parsed = ModelReference.Parse(text);
            if (parsed.HashPrefix is null && store.Versions(parsed.Name) is { Count: > 1 } versions)
            {
                var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Esc(parsed.Name)}[/]: {versions.Count} versions").AddColumns("reference", "created", "metrics");
                foreach (var v in versions)
                {
                    table.AddRow(Esc(v.Reference), Esc(v.Manifest.Created.ToString("u", Invariant)), Esc(Metrics(v.Manifest.Metrics, 4)));
                }

                AnsiConsole.Write(table);
                Terminal.Note($"name one as {parsed.Name}@HASH for its details");
                await WriteJsonAsync(parse.GetValue(json), versions.Select(v => EntryJson(v, store.Promoted(v.Kind))).ToArray());
                return;
            }

            var entry = store.Show(text);
            string integrity;
            try
            {
                store.Verify(entry);
                integrity = "ok (content matches its hash)";
            }
            catch (ModelRegistryException e)
            {
                integrity = "CORRUPTED: " + e.Message;
            }

            var m = entry.Manifest;
            var details = new Table().Border(TableBorder.Rounded).Title($"[bold]{Esc(entry.Reference)}[/]").AddColumn("field").AddColumn("value");
            Row(details, "name", m.Name);
            Row(details, "hash", entry.Hash);
            Row(details, "kind", m.Kind.ToWire());
            Row(details, "algorithm", m.Algorithm);
            Row(details, "created", m.Created.ToString("u", Invariant));
            Row(details, "seed", m.Seed.ToString(Invariant));
            Row(details, "training data", m.TrainingData);
            Row(details, "promoted", Status(entry, store.Promoted(entry.Kind)));
            Row(details, "integrity", integrity);
            Row(details, "files", string.Join(", ", m.Files.Select(f => $"{f} ({FileSize(Path.Combine(entry.Directory, f))})")));
            Row(details, "feature schema", m.FeatureSchema.Count == 0 ? "-" : $"{m.FeatureSchema.Count}: {string.Join(", ", m.FeatureSchema)}");
            foreach (var (key, value) in m.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Row(details, "metric " + key, value.ToString("0.####", Invariant));
            }

            Row(details, "card", m.Card.Length == 0 ? "-" : m.Card);
            AnsiConsole.Write(details);
            await WriteJsonAsync(parse.GetValue(json), EntryJson(entry, store.Promoted(entry.Kind)) with { Integrity = integrity, Card = m.Card, TrainingData = m.TrainingData, Seed = m.Seed, Files = m.Files, FeatureSchema = m.FeatureSchema });
        }));
        return command;
    }

    private static Command Register()
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "An artifact directory: model.json and the files it lists." };
        var registry = RegistryOption();
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        var command = new Command("register", "Copy an artifact directory into the registry (identical content registers once).") { directory, registry, json, config };
        command.SetAction((parse, _) => Run(parse.GetValue(registry), parse.GetValue(config), async store =>
        {
            var entry = store.Register(parse.GetValue(directory)!.FullName);
            AnsiConsole.MarkupLineInterpolated($"registered [bold]{entry.Reference}[/] ({entry.Kind.ToWire()}, {entry.Manifest.Algorithm})");
            Terminal.Note($"promote it with `phantom models promote {entry.Reference}`");
            await WriteJsonAsync(parse.GetValue(json), EntryJson(entry, store.Promoted(entry.Kind)));
        }));
        return command;
    }

    private static Command Promote()
    {
        var reference = new Argument<string>("model") { Description = "NAME@HASH of the artifact to serve (NAME alone when it has one version)." };
        var registry = RegistryOption();
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        var command = new Command("promote", "Make an artifact the served model of its kind; running nodes reload it without restart.") { reference, registry, json, config };
        command.SetAction((parse, _) => Run(parse.GetValue(registry), parse.GetValue(config), async store =>
        {
            var entry = store.Show(parse.GetValue(reference)!);
            var before = store.Promoted(entry.Kind).Current;
            var record = store.Promote($"{entry.Name}@{entry.Hash}");
            var after = store.Promoted(entry.Kind);
            AnsiConsole.MarkupLineInterpolated($"{entry.Kind.ToWire()}: now [bold]{record.Reference}[/] (was {before?.Reference ?? "configured defaults"})");
            if (!ModelKinds.Live.Contains(entry.Kind.ToWire()))
            {
                Terminal.Note($"{entry.Kind.ToWire()} models are recorded as promoted; running nodes serve only kernels and detectors live for now");
            }

            await WriteJsonAsync(parse.GetValue(json), after);
        }));
        return command;
    }

    private static Command Rollback()
    {
        var kind = new Argument<string>("kind") { Description = "kernels, detector, multi_task or policy." };
        var registry = RegistryOption();
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        var command = new Command("rollback", "Return a kind to its previous promotion (or the configured defaults when there was none).") { kind, registry, json, config };
        command.SetAction((parse, _) => Run(parse.GetValue(registry), parse.GetValue(config), async store =>
        {
            var k = ModelKindNames.Parse(parse.GetValue(kind)!);
            var before = store.Promoted(k).Current;
            var after = store.Rollback(k);
            AnsiConsole.MarkupLineInterpolated($"{k.ToWire()}: now [bold]{after.Current?.Reference ?? "configured defaults"}[/] (was {before?.Reference})");
            await WriteJsonAsync(parse.GetValue(json), after);
        }));
        return command;
    }

    private static Command Explain()
    {
        var reference = new Argument<string>("model") { Description = "NAME@HASH of a policy or detector artifact." };
        var samples = new Option<int>("--samples") { Description = "Policy: observations sampled from the market simulator (a quarter held out for fidelity).", DefaultValueFactory = _ => 20_000 };
        var depth = new Option<int>("--depth") { Description = "Policy: depth of the distilled tree.", DefaultValueFactory = _ => 5 };
        var explore = new Option<double>("--explore") { Description = "Policy: share of random actions while sampling, for coverage beyond the policy's own path.", DefaultValueFactory = _ => 0.3 };
        var alpha = new Option<double?>("--alpha") { Description = "Policy: contamination α of the simulated market (default 0.3)." };
        var top = new Option<int>("--top") { Description = "Detector: features to print.", DefaultValueFactory = _ => 10 };
        var seed = CliOptions.Seed();
        var registry = RegistryOption();
        var json = CliOptions.Json();
        var config = CliOptions.Config();
        samples.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 100 or > 1_000_000)
            {
                r.AddError("--samples must be within [100, 1000000].");
            }
        });
        depth.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 12)
            {
                r.AddError("--depth must be within [1, 12].");
            }
        });
        explore.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0 or > 1 or double.NaN)
            {
                r.AddError("--explore must be within [0, 1].");
            }
        });
        alpha.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } a && a is < 0 or > 1 or double.NaN)
            {
                r.AddError("--alpha must be within [0, 1].");
            }
        });

        var command = new Command("explain", "A policy as human-readable rules (distilled depth-5 tree, with fidelity), or a detector's top features by gain.")
        {
            reference, samples, depth, explore, alpha, top, seed, registry, json, config,
        };
        command.SetAction((parse, _) => Run(parse.GetValue(registry), parse.GetValue(config), async store =>
        {
            var entry = store.Show(parse.GetValue(reference)!);
            store.Verify(entry);
            switch (entry.Kind)
            {
                case ModelKind.Policy:
                    var simulatorOptions = new SimulatorOptions { ProductCount = ProductCount(entry.Manifest.FeatureSchema) };
                    if (parse.GetValue(alpha) is { } a)
                    {
                        simulatorOptions.Alpha = a;
                    }

                    var policy = PolicyLoaders.CreateDefault().Load(entry, simulatorOptions);
                    var options = new DistillationOptions
                    {
                        Samples = parse.GetValue(samples),
                        Seed = parse.GetValue(seed) ?? 1,
                        Tree = new CartOptions { MaxDepth = parse.GetValue(depth) },
                    };
                    Terminal.Note($"sampling {options.Samples:N0} observations of {policy.Name} on the market simulator ({simulatorOptions.ProductCount} products, α = {simulatorOptions.Alpha.ToString("0.###", Invariant)})");
                    var sampler = new SimulatorObservationSampler(new MarketSimulator(simulatorOptions), parse.GetValue(explore));
                    var explanation = PolicyDistiller.Explain(policy, sampler, simulatorOptions.ActionScales(), options);
                    PrintPolicy(entry, explanation);
                    await WriteJsonAsync(parse.GetValue(json), new
                    {
                        Model = entry.Reference,
                        explanation.Policy,
                        explanation.Fidelity,
                        explanation.TrainingAgreement,
                        explanation.TrainingSamples,
                        explanation.HeldOutSamples,
                        Depth = explanation.Tree.Depth,
                        Rules = explanation.Rules.Select(r => new
                        {
                            Rule = r.ToString(),
                            Action = r.PredictionLabel,
                            r.Samples,
                            r.Purity,
                            Conditions = r.Conditions.Select(c => new { c.FeatureName, Lower = Finite(c.Lower), Upper = Finite(c.Upper) }),
                        }),
                        ActionShares = explanation.ActionLabels.Zip(explanation.ActionShares).ToDictionary(p => p.First, p => p.Second),
                    });
                    break;
                case ModelKind.Detector:
                    var detector = DetectorExplainer.Explain(entry);
                    var features = detector.Features.Take(parse.GetValue(top)).ToArray();
                    var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Esc(entry.Reference)}[/]: top features ({Esc(detector.Model)})")
                        .AddColumn("#").AddColumn("feature").AddColumn(new TableColumn(Esc(detector.Method)).RightAligned());
                    for (var i = 0; i < features.Length; i++)
                    {
                        table.AddRow((i + 1).ToString(Invariant), Esc(features[i].Feature), features[i].Value.ToString("0.####", Invariant));
                    }

                    AnsiConsole.Write(table);
                    await WriteJsonAsync(parse.GetValue(json), new { Model = entry.Reference, detector.Method, Features = features });
                    break;
                default:
                    throw new ModelRegistryException($"{entry.Reference} is a {entry.Kind.ToWire()} model; explain covers policies and detectors (see `phantom models show`)");
            }
        }));
        return command;
    }

    private static void PrintPolicy(RegistryEntry entry, PolicyExplanation e)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Esc(entry.Reference)}[/] ({Esc(e.Policy)}): depth-{e.Tree.Depth} tree, {e.Rules.Count} rules")
            .AddColumn("#").AddColumn("rule").AddColumn(new TableColumn("samples").RightAligned()).AddColumn(new TableColumn("purity").RightAligned());
        for (var i = 0; i < e.Rules.Count; i++)
        {
            var rule = e.Rules[i];
            table.AddRow((i + 1).ToString(Invariant), Esc(rule.ToString()), rule.Samples.ToString("N0", Invariant), rule.Purity.ToString("P1", Invariant));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(
            $"fidelity [bold]{e.Fidelity.ToString("P1", Invariant)}[/] on {e.HeldOutSamples:N0} held-out observations (training agreement {e.TrainingAgreement.ToString("P1", Invariant)} on {e.TrainingSamples:N0})");
        var used = e.ActionLabels.Zip(e.ActionShares).Where(p => p.Second > 0).Select(p => $"{p.First} {p.Second.ToString("P1", Invariant)}");
        Terminal.Note("policy's actions: " + string.Join(", ", used));
    }

    /// <summary>Resolves the registry, runs the action, and turns registry errors into a plain message and exit code 1.</summary>
    private static async Task<int> Run(DirectoryInfo? registry, FileInfo? config, Func<ModelRegistry, Task> action)
    {
        string root;
        try
        {
            root = registry?.FullName ?? PhantomConfiguration.Load(config?.FullName).Models.Directory;
        }
        catch (ConfigurationException error)
        {
            Terminal.Error(error.Message);
            return ExitCodes.BadConfiguration;
        }

        try
        {
            await action(new ModelRegistry(root)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (ModelRegistryException error)
        {
            Terminal.Error(error.Message);
            return ExitCodes.Failed;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Terminal.Error($"registry '{root}': {error.Message}");
            return ExitCodes.Failed;
        }
    }

    private static async Task WriteJsonAsync<T>(FileInfo? file, T value)
    {
        if (file is not null)
        {
            await SummaryJson.WriteAsync(file.FullName, value).ConfigureAwait(false);
            Terminal.Note($"written to {file.FullName}");
        }
    }

    private static EntryRecord EntryJson(RegistryEntry e, PromotionPointer pointer) => new()
    {
        Name = e.Name,
        Hash = e.Hash,
        ShortHash = e.ShortHash,
        Kind = e.Kind.ToWire(),
        Algorithm = e.Manifest.Algorithm,
        Created = e.Manifest.Created,
        Promoted = Status(e, pointer),
        Metrics = e.Manifest.Metrics,
    };

    private static string Status(RegistryEntry e, PromotionPointer pointer)
    {
        if (pointer.Current is { } current && current.Name == e.Name && current.Hash == e.Hash)
        {
            return "current";
        }

        return pointer.History.Any(h => h.Name == e.Name && h.Hash == e.Hash) ? "earlier" : "-";
    }

    /// <summary>n of a simulator observation schema of 2n + 4 entries; the default 10 when the manifest has none.</summary>
    private static int ProductCount(IReadOnlyList<string> schema) =>
        schema.Count >= 6 && (schema.Count - 4) % 2 == 0 ? (schema.Count - 4) / 2 : new SimulatorOptions().ProductCount;

    private static string Metrics(IReadOnlyDictionary<string, double> metrics, int most) =>
        metrics.Count == 0 ? "-" : string.Join(", ", metrics.OrderBy(p => p.Key, StringComparer.Ordinal).Take(most).Select(p => $"{p.Key} {p.Value.ToString("0.####", Invariant)}"));

    private static string FileSize(string path) => File.Exists(path) ? $"{new FileInfo(path).Length:N0} B" : "missing";

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Esc(string text) => Markup.Escape(text);

    private static void Row(Table table, string name, string value) => table.AddRow(Esc(name), Esc(value));

    private sealed record EntryRecord
    {
        public required string Name { get; init; }

        public required string Hash { get; init; }

        public required string ShortHash { get; init; }

        public required string Kind { get; init; }

        public required string Algorithm { get; init; }

        public required DateTimeOffset Created { get; init; }

        public required string Promoted { get; init; }

        public required IReadOnlyDictionary<string, double> Metrics { get; init; }

        public string? Integrity { get; init; }

        public string? Card { get; init; }

        public string? TrainingData { get; init; }

        public long? Seed { get; init; }

        public IReadOnlyList<string>? Files { get; init; }

        public IReadOnlyList<string>? FeatureSchema { get; init; }
    }
}
